#!/usr/bin/env bash
# Runs every benchmark in bench/ (each builds nothing; `make bench` builds the release binary first).
# Helpers sourced by the benchmarks (lib.sh, fleet-lab.sh) are not executable and are skipped;
# fleet.sh needs root (network namespaces).
set -euo pipefail
cd "$(dirname "$0")"
status=0
for script in ./*.sh; do
  [ "$script" = ./run-all.sh ] && continue
  [ -x "$script" ] || continue
  echo "== ${script#./}"
  "$script" || status=1
done
exit $status
