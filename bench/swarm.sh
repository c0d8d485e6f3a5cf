#!/usr/bin/env bash
# Swarm benchmark: moves a generated image (1 GiB by default) from an `isofleet seed` process to an
# `isofleet add --wait` process over loopback TCP, and measures two baselines in the same run:
#   - the disk-write ceiling: dd of the same size with conv=fsync;
#   - aria2c downloading the same torrent from the same seeder (found through a local opentracker).
# Every figure is the median of RUNS runs (default 3). Each download ends with the data fsynced
# (isofleet does it before placing the file; aria2c is followed by `sync FILE`), like dd.
# Run after `swift build -c release` (or `make bench`). Needs aria2c and opentracker
# (scripts/install-deps.sh test). Env: RUNS, SIZE_MIB, BENCH_DIR (scratch, default /tmp), ISOFLEET_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(realpath "${ISOFLEET_BIN:-.build/release/isofleet}")
RUNS=${RUNS:-3}
SIZE_MIB=${SIZE_MIB:-1024}
[ -x "$BIN" ] || { echo "bench: $BIN not built (swift build -c release)" >&2; exit 2; }
for tool in aria2c opentracker python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh test)" >&2; exit 2; }
done

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
mbps() { python3 -c "import sys; print(f'{$1 / 1e6 / ($3 - $2):.1f}')"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

BYTES=$((SIZE_MIB * 1024 * 1024))
IMAGE="$WORK/seed/bench.iso"
CONFIG="$WORK/empty.conf"
mkdir -p "$WORK/seed" && : >"$CONFIG"
echo "generating a ${SIZE_MIB} MiB image in $WORK"
head -c "$BYTES" /dev/urandom >"$IMAGE"

# v1 torrents: aria2 1.36 cannot use the v1 hash of hybrid torrents (see docs/swarm.md).
TRACKER_PORT=$(free_port)
TRACKER="http://127.0.0.1:$TRACKER_PORT/announce"
"$BIN" torrent create "$IMAGE" --mode v1 --tracker "$TRACKER" --output "$WORK/bench.torrent" --json >"$WORK/create.json"
HASH=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["info_hash_v1"])' "$WORK/create.json")
mkdir -p "$WORK/tracker" && echo "$HASH" >"$WORK/tracker/whitelist"
opentracker -i 127.0.0.1 -p "$TRACKER_PORT" -P "$TRACKER_PORT" -d "$WORK/tracker" -w whitelist >"$WORK/tracker.log" 2>&1 &
PIDS+=($!)

"$BIN" seed "$IMAGE" --mode v1 --tracker "$TRACKER" --listen 127.0.0.1:0 --data-dir "$WORK/seed-data" \
  --config "$CONFIG" >"$WORK/seed.out" 2>"$WORK/seed.err" &
PIDS+=($!)
for _ in $(seq 1 600); do [ -s "$WORK/seed.out" ] && break; sleep 0.1; done
[ -s "$WORK/seed.out" ] || { echo "bench: the seeder did not start:" >&2; cat "$WORK/seed.err" >&2; exit 1; }
TORRENT=$(cut -f1 "$WORK/seed.out")
SEEDER=$(cut -f2 "$WORK/seed.out" | sed -n 's/.*x\.pe=\([^&]*\).*/\1/p')
cmp -s "$TORRENT" "$WORK/bench.torrent" || { echo "bench: seed and torrent create disagree" >&2; exit 1; }
echo "seeder on $SEEDER, info-hash $HASH"

DD=() ISOFLEET=() ARIA=()
for run in $(seq 1 "$RUNS"); do
  sync
  start=$(now)
  dd if=/dev/zero of="$WORK/dd.bin" bs=4M count=$((SIZE_MIB / 4)) conv=fsync status=none
  DD+=("$(mbps "$BYTES" "$start" "$(now)")")
  rm -f "$WORK/dd.bin"

  rm -rf "$WORK/leech-data" && sync
  start=$(now)
  "$BIN" add "$TORRENT" --wait --listen 127.0.0.1:0 --peer "$SEEDER" --timeout 300 \
    --data-dir "$WORK/leech-data" --config "$CONFIG" >"$WORK/add.out" 2>"$WORK/add.err"
  ISOFLEET+=("$(mbps "$BYTES" "$start" "$(now)")")
  cmp -s "$(cat "$WORK/add.out")" "$IMAGE" || { echo "bench: isofleet's copy differs" >&2; exit 1; }

  rm -rf "$WORK/aria" && sync
  start=$(now)
  aria2c --dir "$WORK/aria" --listen-port="$(free_port)" --seed-time=0 --enable-dht=false --enable-dht6=false \
    --bt-enable-lpd=false --enable-peer-exchange=false --summary-interval=0 --console-log-level=error \
    --bt-stop-timeout=300 "$TORRENT" >"$WORK/aria.log" 2>&1
  sync "$WORK/aria/bench.iso"
  ARIA+=("$(mbps "$BYTES" "$start" "$(now)")")
  cmp -s "$WORK/aria/bench.iso" "$IMAGE" || { echo "bench: aria2c's copy differs" >&2; exit 1; }
  rm -rf "$WORK/aria" "$WORK/leech-data"
  echo "run $run: dd ${DD[-1]} MB/s, isofleet ${ISOFLEET[-1]} MB/s, aria2c ${ARIA[-1]} MB/s"
done

dd_median=$(median "${DD[@]}")
isofleet_median=$(median "${ISOFLEET[@]}")
aria_median=$(median "${ARIA[@]}")
echo
echo "median of $RUNS runs, ${SIZE_MIB} MiB over loopback (MB = 10^6 bytes)"
printf '  %-28s %8s MB/s\n' "disk ceiling (dd, fsync)" "$dd_median" "isofleet add --wait" "$isofleet_median" \
  "aria2c, same seeder" "$aria_median"
python3 - "$isofleet_median" "$dd_median" "$aria_median" <<'PY'
import sys
iso, dd, aria = map(float, sys.argv[1:])
print(f"  isofleet / disk ceiling      {iso / dd:6.2f}   (target >= 0.80)")
print(f"  isofleet / aria2c            {iso / aria:6.2f}   (target >= 1.00)")
PY
