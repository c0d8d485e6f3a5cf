#!/usr/bin/env bash
# `isofleet scan` of a repository holding COUNT ISO-named sparse files (default 10,000 of 1 MiB,
# in 100 directories, named by the default layout so every name parses).
#
# First scan: every file is new and hashed (sparse files read as zeros: this measures hashing and
# bookkeeping, not the disk). Then RUNS more scans (default 3) with every checksum known and no
# file changed: the size+mtime cache means no file is read. Target: the cached scan under 2 s.
#
#   bench/scan.sh
#   ISOFLEET_BIN=path COUNT=20000 SIZE=4M RUNS=5 BENCH_DIR=/var/tmp bench/scan.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

COUNT=${COUNT:-10000}
SIZE=${SIZE:-1M}
RUNS=${RUNS:-3}
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-bench-scan.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
REPO="$WORK/data/repo"

echo "creating $COUNT sparse files of $SIZE in $REPO ..." >&2
per_directory=100
for ((d = 0; d < (COUNT + per_directory - 1) / per_directory; d++)); do
    mkdir -p "$REPO/Linux/Distro$d - Server"
done
for ((i = 0; i < COUNT; i++)); do
    d=$((i / per_directory))
    printf '%s\0' "$REPO/Linux/Distro$d - Server/distro$d.server-$((i % per_directory)).$((i / 7 % 10)).iso"
done | xargs -0 truncate -s "$SIZE"

scan() { "$ISOFLEET_BIN" scan --data-dir "$WORK/data" --json >"$WORK/last.json"; }
field() { grep -o "\"$1\" : [0-9.]*" "$WORK/last.json" | head -1 | awk '{ print $3 }'; }

first=$(elapsed scan)
first_hashed=$(field hashed_files)
first_bytes=$(field hashed_bytes)
echo "first scan: $first s, $first_hashed files hashed" >&2

cached_times=()
for ((run = 1; run <= RUNS; run++)); do
    cached_times+=("$(elapsed scan)")
    if [[ $(field hashed_files) != 0 || $(field unchanged) != "$COUNT" ]]; then
        echo "bench: a cached scan hashed files or lost some: $(cat "$WORK/last.json" | head -c 400)" >&2
        exit 1
    fi
    echo "cached scan $run: ${cached_times[-1]} s" >&2
done
cached=$(median "${cached_times[@]}")

awk -v count="$COUNT" -v size="$SIZE" -v first="$first" -v hashed="$first_hashed" -v bytes="$first_bytes" \
    -v cached="$cached" -v runs="$RUNS" 'BEGIN {
    printf "scan of %d ISO files (%s each, sparse)\n", count, size
    printf "  first scan (hashing):    %7.3f s  %d files hashed, %.1f MiB/s, %.0f files/s\n", first, hashed, bytes / 1048576 / first, hashed / first
    printf "  cached scan (median/%d): %7.3f s  %.0f files/s\n", runs, cached, count / cached
    printf "  target: cached scan < 2 s: %s\n", (cached < 2 ? "met" : "NOT met")
}'
