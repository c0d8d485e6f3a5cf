#!/usr/bin/env bash
# Every benchmark, in turn (`make bench`).
set -euo pipefail
cd "$(dirname "$0")"
./sha256.sh
./scan.sh
