#!/usr/bin/env bash
# Runs every benchmark in bench/ (each prints its own figures). `make bench` calls this.
set -euo pipefail
cd "$(dirname "$0")"
for script in *.sh; do
  [ "$script" = "run-all.sh" ] && continue
  echo "== bench/$script"
  "./$script"
done
