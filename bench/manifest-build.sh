#!/usr/bin/env bash
# `isofleet manifest build` (the origin role) on a folder of FILES images totalling SIZE_MIB,
# against the same work done by separate tools in the same run: `openssl dgst -sha256` of each
# file plus `isofleet torrent create` of each (the two passes over the bytes the command makes),
# and openssl alone (one pass: what hashing costs without the torrent). Each figure is the median
# of RUNS runs (default 3), interleaved; the page cache is warmed first, so this measures hashing,
# not the disk. Target: manifest build within 1.10x of sha256 + torrent create.
#
#   bench/manifest-build.sh                 # uses .build/release/isofleet
#   ISOFLEET_BIN=path RUNS=5 SIZE_MIB=2048 FILES=4 BENCH_DIR=/var/tmp bench/manifest-build.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-3}
SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-4}
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-bench-manifest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/origin" "$WORK/torrents"
echo "generating $FILES files, $SIZE_MIB MiB in all, in $WORK ..." >&2
for ((i = 1; i <= FILES; i++)); do
    head -c $((SIZE_MIB * 1024 * 1024 / FILES)) /dev/urandom >"$WORK/origin/debian-12.$i.0-amd64-netinst.iso"
done
cat "$WORK"/origin/*.iso >/dev/null

build_once() {
    "$ISOFLEET_BIN" manifest build "$WORK/origin" --base-url http://origin.example/ --out "$WORK/manifest.json" \
        --torrents "$WORK/torrents"
}
tools_once() {
    for file in "$WORK"/origin/*.iso; do
        openssl dgst -sha256 "$file"
        "$ISOFLEET_BIN" torrent create "$file" --output "$WORK/baseline.torrent"
    done
}
openssl_once() {
    for file in "$WORK"/origin/*.iso; do openssl dgst -sha256 "$file"; done
}

build_once >/dev/null
first=$(openssl dgst -sha256 -r "$(ls "$WORK"/origin/*.iso | head -1)" | cut -c1-64)
grep -q "$first" "$WORK/manifest.json" || { echo "bench: the manifest lacks the first file's sha256" >&2; exit 1; }

build_times=() tools_times=() openssl_times=()
for ((run = 1; run <= RUNS; run++)); do
    build_times+=("$(elapsed build_once)")
    tools_times+=("$(elapsed tools_once)")
    openssl_times+=("$(elapsed openssl_once)")
    echo "run $run: manifest build ${build_times[-1]} s, sha256+torrent create ${tools_times[-1]} s, openssl ${openssl_times[-1]} s" >&2
done

b=$(median "${build_times[@]}")
t=$(median "${tools_times[@]}")
o=$(median "${openssl_times[@]}")
awk -v size="$SIZE_MIB" -v files="$FILES" -v b="$b" -v t="$t" -v o="$o" -v runs="$RUNS" 'BEGIN {
    printf "manifest build of %d files, %d MiB, median of %d runs\n", files, size, runs
    printf "  isofleet manifest build        %6.3f s  %7.1f MiB/s\n", b, size / b
    printf "  openssl + torrent create       %6.3f s  %7.1f MiB/s  build/baseline %.2fx\n", t, size / t, b / t
    printf "  openssl alone (one pass)       %6.3f s  %7.1f MiB/s  build/openssl %.2fx\n", o, size / o, b / o
    printf "  target: manifest build <= 1.10x openssl + torrent create: %s\n", (b / t <= 1.10 ? "met" : "NOT met")
}'
