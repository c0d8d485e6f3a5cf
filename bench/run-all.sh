#!/usr/bin/env bash
# Runs every benchmark in bench/ (each builds nothing; `make bench` builds the release binary first).
set -euo pipefail
cd "$(dirname "$0")"
status=0
for script in ./*.sh; do
  [ "$script" = ./run-all.sh ] && continue
  echo "== ${script#./}"
  "$script" || status=1
done
exit $status
