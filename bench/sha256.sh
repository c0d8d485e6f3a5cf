#!/usr/bin/env bash
# SHA-256 throughput of isofleet against `openssl dgst -sha256` on the same 1 GiB file, same run.
#
# isofleet is measured twice: `isofleet hash FILE` (hidden command: FileDigest, the code `scan`,
# `import` and `catalog add` use, nothing else) and `isofleet scan` of a repository holding only
# that file (fresh data directory each run, so it hashes; includes opening the database and
# writing the inventory). Each figure is the median of RUNS runs (default 3), runs interleaved so
# that machine noise hits all three alike. The page cache is warmed first: this measures hashing,
# not the disk. Target: isofleet hash at least 0.9x openssl.
#
#   bench/sha256.sh                 # uses .build/release/isofleet
#   ISOFLEET_BIN=path RUNS=5 SIZE_MIB=2048 BENCH_DIR=/var/tmp bench/sha256.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-3}
SIZE_MIB=${SIZE_MIB:-1024}
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-bench-sha256.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

FILE="$WORK/repo/ubuntu-22.04.3-live-server-amd64.iso"
mkdir -p "$WORK/repo"
echo "generating $SIZE_MIB MiB of random data in $WORK ..." >&2
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$FILE"
cat "$FILE" >/dev/null

expected=$(openssl dgst -sha256 -r "$FILE" | cut -c1-64)
actual=$("$ISOFLEET_BIN" hash "$FILE" | cut -c1-64)
if [[ $expected != "$actual" ]]; then
    echo "bench: digests differ: openssl $expected, isofleet $actual" >&2
    exit 1
fi

scan_once() {
    rm -rf "$WORK/data"
    ISOFLEET_REPOSITORY_PATH="$WORK/repo" "$ISOFLEET_BIN" scan --data-dir "$WORK/data" --json
}

openssl_times=() hash_times=() scan_times=()
for ((run = 1; run <= RUNS; run++)); do
    openssl_times+=("$(elapsed openssl dgst -sha256 "$FILE")")
    hash_times+=("$(elapsed "$ISOFLEET_BIN" hash "$FILE")")
    scan_times+=("$(elapsed scan_once)")
    echo "run $run: openssl ${openssl_times[-1]} s, isofleet hash ${hash_times[-1]} s, isofleet scan ${scan_times[-1]} s" >&2
done

openssl_median=$(median "${openssl_times[@]}")
hash_median=$(median "${hash_times[@]}")
scan_median=$(median "${scan_times[@]}")
awk -v size="$SIZE_MIB" -v o="$openssl_median" -v h="$hash_median" -v s="$scan_median" -v runs="$RUNS" 'BEGIN {
    printf "sha256 of %d MiB, median of %d runs\n", size, runs
    printf "  openssl dgst -sha256  %6.3f s  %7.1f MiB/s\n", o, size / o
    printf "  isofleet hash         %6.3f s  %7.1f MiB/s  %.2fx openssl\n", h, size / h, o / h
    printf "  isofleet scan         %6.3f s  %7.1f MiB/s  %.2fx openssl\n", s, size / s, o / s
    printf "  target: isofleet hash >= 0.90x openssl: %s\n", (o / h >= 0.9 ? "met" : "NOT met")
}'
