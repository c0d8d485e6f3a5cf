#!/usr/bin/env bash
# Origin-bytes benchmark (issue 4): 3 nodes on loopback fetch one image at the same time from a
# rate-limited nginx origin (limit_rate, per connection) while peering with each other. For each
# acquisition design it prints origin bytes served ÷ image size and the time until the last node
# holds the verified image (medians over the rounds):
#   origin-only        no fleet peers: every node takes the whole image over HTTP (the baseline)
#   swarm-then-origin  swarm.origin_pieces = off: swarm first, the origin after a 60 s stall
#   origin-pieces      swarm.origin_pieces = on (the default): each node takes from the origin only
#                      pieces no peer has, starting with its own stripes, and shares them
# Target: origin-pieces ≤ 1.5× (the physical floor is 1.0×).
#
# Each node is a real `isofleet serve` (own data directory, web and BitTorrent ports) that syncs the
# manifest at start and runs its auto-update. Builds nothing: run `swift build -c release` first.
# Usage: bench/origin-bytes.sh [SIZE_MIB=256] [ROUNDS=3] [RATE=25m] [DESIGNS="origin-only origin-pieces swarm-then-origin"]
# swarm-then-origin runs once whatever ROUNDS says (it waits out the 60 s stall).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

size_mib=${1:-256}
rounds=${2:-3}
rate=${3:-25m}
designs=${4:-origin-only origin-pieces swarm-then-origin}
nodes=3
for tool in /usr/sbin/nginx curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh test)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/isofleet-bench-origin.XXXXXX)
mkdir -p "$work/origin" "$work/nginx/tmp"
pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
nginx_pid=""
cleanup() {
  stop_nodes
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "generating a ${size_mib} MiB image in $work" >&2
# Deterministic pseudo-random bytes (AES-CTR keystream); openssl ends on SIGPIPE when head has enough.
(openssl enc -aes-128-ctr -nosalt -pass pass:isofleet-bench -in /dev/zero 2>/dev/null || true) \
  | head -c "$((size_mib << 20))" >"$work/origin/ubuntu-24.04.1.iso"
bytes=$(stat -c %s "$work/origin/ubuntu-24.04.1.iso")
sha=$(openssl dgst -sha256 -r "$work/origin/ubuntu-24.04.1.iso" | cut -d' ' -f1)
"$ISOFLEET_BIN" torrent create "$work/origin/ubuntu-24.04.1.iso" --json >"$work/torrent.json"
[ -f "$work/origin/ubuntu-24.04.1.iso.torrent" ] || { echo "bench: torrent create wrote no .torrent next to the image" >&2; exit 1; }

port=$(free_port)
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 256; }
http {
    log_format bytes '\$remote_addr "\$request" \$status \$body_bytes_sent';
    access_log $work/nginx/access.log bytes;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    sendfile on;
    server { listen 127.0.0.1:$port; root $work/origin; limit_rate $rate; }
}
CONF
/usr/sbin/nginx -p "$work/nginx/" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
base="http://127.0.0.1:$port"
cat >"$work/origin/manifest.json" <<JSON
{"format": "isofleet-manifest/1", "images": [{"family": "Linux", "name": "Ubuntu", "flavor": "Server",
 "version": {"major": "24", "minor": "04", "patch": "1"}, "file_name": "ubuntu-24.04.1.iso", "size": $bytes,
 "sha256": "$sha", "sources": {"http": ["$base/ubuntu-24.04.1.iso"], "torrent": "$base/ubuntu-24.04.1.iso.torrent"}}]}
JSON

# One round of a design: starts the nodes together, waits until every node holds the image.
# Prints "SECONDS ORIGIN_BYTES".
run_round() {
  local design=$1 round_dir=$work/$1-$2 i
  local -a bt=() web=()
  for i in $(seq 0 $((nodes - 1))); do bt+=("$(free_port)"); web+=("$(free_port)"); done
  : >"$work/nginx/access.log"; kill -USR1 "$nginx_pid"
  for i in $(seq 0 $((nodes - 1))); do
    local peers="" j
    if [ "$design" != origin-only ]; then
      for j in $(seq 0 $((nodes - 1))); do [ "$j" = "$i" ] || peers+="${peers:+,}127.0.0.1:${bt[$j]}"; done
    fi
    mkdir -p "$round_dir/node$i"
    cat >"$round_dir/node$i.conf" <<CONF
manifest.url = $base/manifest.json
web.listen = 127.0.0.1:${web[$i]}
swarm.listen = 127.0.0.1:${bt[$i]}
fleet.peers = $peers
swarm.origin_pieces = $([ "$design" = swarm-then-origin ] && echo off || echo on)
CONF
    "$ISOFLEET_BIN" select add --data-dir "$round_dir/node$i" --config "$round_dir/node$i.conf" 'Linux/Ubuntu/Server@latest' >/dev/null
  done
  local start; start=$(now)
  for i in $(seq 0 $((nodes - 1))); do
    "$ISOFLEET_BIN" serve --data-dir "$round_dir/node$i" --config "$round_dir/node$i.conf" --log-level warning \
      2>"$round_dir/node$i.log" &
    pids+=($!)
  done
  local done_count=0 deadline=$(( $(date +%s) + 900 ))
  while [ "$done_count" -lt "$nodes" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "bench: $design did not finish in 15 min" >&2; tail "$round_dir"/*.log >&2; exit 1; }
    sleep 0.2
    done_count=$(find "$round_dir"/node*/repo -name '*.iso' 2>/dev/null | wc -l)
  done
  local end; end=$(now)
  stop_nodes
  local -a placed=()
  mapfile -d '' placed < <(find "$round_dir"/node*/repo -name '*.iso' -print0)
  for f in "${placed[@]}"; do
    [ "$(openssl dgst -sha256 -r "$f" | cut -d' ' -f1)" = "$sha" ] || { echo "bench: $f has the wrong digest" >&2; exit 1; }
  done
  local served; served=$(awk '$3 ~ /ubuntu-24.04.1.iso$/ { s += $6 } END { print s + 0 }' "$work/nginx/access.log")
  rm -rf "$round_dir"
  awk -v a="$start" -v b="$end" -v s="$served" 'BEGIN { printf "%.2f %d\n", b - a, s }'
}

declare -A times ratios
for design in $designs; do
  n=$rounds; [ "$design" = swarm-then-origin ] && n=1
  t=() r=()
  for round in $(seq "$n"); do
    read -r seconds served < <(run_round "$design" "$round")
    ratio=$(awk -v s="$served" -v b="$bytes" 'BEGIN { printf "%.3f", s / b }')
    echo "$design round $round: last node after $seconds s, origin served $served bytes = ${ratio}x the image" >&2
    t+=("$seconds"); r+=("$ratio")
  done
  times[$design]=$(median "${t[@]}"); ratios[$design]=$(median "${r[@]}")
done

echo
echo "$nodes nodes on loopback, one ${size_mib} MiB image, nginx limit_rate $rate per connection; medians"
printf '  %-20s %14s %22s\n' design "last node (s)" "origin bytes / image"
for design in $designs; do
  printf '  %-20s %14s %22s\n' "$design" "${times[$design]}" "${ratios[$design]}x"
done
echo "  target: origin-pieces <= 1.5x"
