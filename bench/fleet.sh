#!/usr/bin/env bash
# Fleet benchmark (issue 6): N `isofleet serve` nodes, each in its own network namespace on one
# bridge, fetch one image named by a manifest on an nginx origin whose egress is capped with tc.
# Measures, per N: the time from starting the nodes until the last one holds the verified image,
# and the image bytes the origin served ÷ the image size (nginx's $body_bytes_sent). Baselines in
# the same run and the same lab: one node alone from the origin, one curl alone, and N curls (one
# per namespace) downloading the image at once.
# Targets: last node <= 1.3x the single node's time; origin bytes <= 1.2x the image.
#
# POLICIES lists the values of swarm.origin_pieces to measure the fleet with: on (the default: each
# node takes from the origin only pieces no peer has and feeds them to the swarm) and off (swarm
# first, the whole file from the origin after the 60 s stall: the design before origin pieces).
#
# Env: NODES (default "4 8"), POLICIES (default "on"), RUNS (repetitions, default 1; figures are medians), SIZE_MIB (512),
# RATE (origin egress, default 200mbit), BENCH_DIR (scratch, default /tmp), ISOFLEET_BIN (default
# .build/release/isofleet), N_CURLS (on; off skips the N-curls-at-once baseline, N × the single
# curl by construction, to compare two builds in less time). Needs root, iproute2 (ip, tc), nginx, curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source bench/fleet-lab.sh

BIN=$(realpath "$ISOFLEET_BIN")
NODES=${NODES:-"4 8"}
POLICIES=${POLICIES:-on}
RUNS=${RUNS:-1}
SIZE_MIB=${SIZE_MIB:-512}
RATE=${RATE:-200mbit}
N_CURLS=${N_CURLS:-on}
for tool in ip tc nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh test)" >&2; exit 2; }
done

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-fleet.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  lab_teardown
  rm -rf "$WORK"
}
trap cleanup EXIT

# The image: the default layout's base name, so the torrent made from the origin's file has the
# info-hash a node seeding its placed copy computes.
FILE=ubuntu.server-24.04.1.iso
LAYOUT_PATH="Linux/Ubuntu - Server/$FILE"
BYTES=$((SIZE_MIB * 1024 * 1024))
mkdir -p "$WORK/origin" "$WORK/nginx/tmp"
echo "generating a ${SIZE_MIB} MiB image in $WORK"
head -c "$BYTES" /dev/urandom >"$WORK/origin/$FILE"
SHA=$(sha256sum "$WORK/origin/$FILE" | cut -d' ' -f1)
: >"$WORK/empty.conf"
"$BIN" torrent create "$WORK/origin/$FILE" --output "$WORK/origin/$FILE.torrent" --config "$WORK/empty.conf" >/dev/null

# The lab: host 0 is the origin, hosts 1…max(N) the clients.
MAX_NODES=$(printf '%s\n' $NODES | sort -n | tail -1)
lab_create
for _ in $(seq 0 "$MAX_NODES"); do lab_add_host; done
ORIGIN=$(lab_addr 0)
lab_shape 0 "$RATE"
python3 - "$WORK/origin/manifest.json" "$ORIGIN" "$FILE" "$BYTES" "$SHA" <<'PY'
import json, sys
path, origin, name, size, sha = sys.argv[1:]
image = {"family": "Linux", "name": "Ubuntu", "flavor": "Server",
         "version": {"major": "24", "minor": "04", "patch": "1"}, "file_name": name,
         "size": int(size), "sha256": sha,
         "sources": {"http": [f"http://{origin}/{name}"], "torrent": f"http://{origin}/{name}.torrent"}}
json.dump({"format": "isofleet-manifest/1", "images": [image]}, open(path, "w"))
PY
cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    log_format fleet '\$remote_addr \$uri \$status \$body_bytes_sent';
    access_log $WORK/nginx/access.log fleet;
    client_body_temp_path $WORK/nginx/tmp;
    proxy_temp_path $WORK/nginx/tmp;
    fastcgi_temp_path $WORK/nginx/tmp;
    uwsgi_temp_path $WORK/nginx/tmp;
    scgi_temp_path $WORK/nginx/tmp;
    sendfile on;
    server { listen $ORIGIN:80; root $WORK/origin; }
}
EOF
lab_exec 0 nginx -p "$WORK/nginx/" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" &
PIDS+=($!)
lab_wait_listening 0 80
echo "origin $ORIGIN capped at $RATE; image sha256 $SHA; isofleet $BIN"

# Image bytes the origin served since the last reset_log (nginx logs a request once it ended).
origin_bytes() { sleep 1; awk -v p="/$FILE" '$2 == p { s += $4 } END { printf "%.0f\n", s }' "$WORK/nginx/access.log"; }
reset_log() { : >"$WORK/nginx/access.log"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

# curl in hosts 1…$1 at once; prints the seconds until the last copy is on disk.
curls() {
  local start host pids=()
  rm -rf "$WORK/curl" && mkdir -p "$WORK/curl" && sync
  start=$(now)
  for host in $(seq 1 "$1"); do
    lab_exec "$host" bash -c "curl -sf -o '$WORK/curl/$host.iso' 'http://$ORIGIN/$FILE' && sync '$WORK/curl/$host.iso'" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { echo "bench: a curl failed" >&2; exit 1; }; done
  awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }'
  cmp -s "$WORK/curl/1.iso" "$WORK/origin/$FILE" || { echo "bench: curl's copy differs" >&2; exit 1; }
  rm -rf "$WORK/curl"
}

# isofleet serve in hosts 1…$1 with swarm.origin_pieces = $2, each with the others as static fleet
# peers and a selection wanting the image; prints the seconds from the start until the last
# node's inventory lists the image with its sha256, and until the first one's; then checks every
# copy and stops the nodes.
fleet() {
  local count=$1 policy=${2:-on} host peers start done_count elapsed_s pids=()
  rm -rf "$WORK/nodes" && sync
  for host in $(seq 1 "$count"); do
    peers=$(for other in $(seq 1 "$count"); do [ "$other" = "$host" ] || printf '%s:6881,' "$(lab_addr "$other")"; done)
    mkdir -p "$WORK/nodes/$host"
    cat >"$WORK/nodes/$host/isofleet.conf" <<EOF
manifest.url = http://$ORIGIN/manifest.json
web.listen = $(lab_addr "$host"):8080
swarm.listen = $(lab_addr "$host"):6881
fleet.discovery = static
fleet.peers = ${peers%,}
swarm.origin_pieces = $policy
admin.token = bench
EOF
    "$BIN" select add 'Linux/Ubuntu/Server@latest' --data-dir "$WORK/nodes/$host/data" \
      --config "$WORK/nodes/$host/isofleet.conf" >/dev/null
  done
  start=$(now)
  for host in $(seq 1 "$count"); do
    (cd "$WORK/nodes/$host" && exec ip netns exec "$(lab_ns "$host")" "$BIN" serve --data-dir data \
      --config isofleet.conf --shutdown-deadline 10 >serve.out 2>serve.err) &
    pids+=($!)
  done
  local finished=() first_s=""
  for _ in $(seq 1 18000); do
    done_count=0
    for host in $(seq 1 "$count"); do
      if [ -z "${finished[$host]:-}" ] && grep -qs "$SHA" "$WORK/nodes/$host/data/inventory.json"; then
        finished[$host]=1
        [ -n "$first_s" ] || first_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }')
      fi
      [ -n "${finished[$host]:-}" ] && done_count=$((done_count + 1))
    done
    [ "$done_count" = "$count" ] && break
    sleep 0.1
  done
  elapsed_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }')
  [ "$done_count" = "$count" ] || { echo "bench: only $done_count of $count nodes got the image" >&2; exit 1; }
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for host in $(seq 1 "$count"); do
    cmp -s "$WORK/nodes/$host/data/repo/$LAYOUT_PATH" "$WORK/origin/$FILE" \
      || { echo "bench: node $host's copy differs" >&2; exit 1; }
  done
  echo "$elapsed_s $first_s"
}

declare -A FLEET_S FLEET_F FLEET_X CURLS_S CURLS_X
SINGLE_S=() SINGLE_X=() CURL1_S=()
for run in $(seq 1 "$RUNS"); do
  reset_log; CURL1_S+=("$(curls 1)")
  reset_log; times=$(fleet 1); SINGLE_S+=("${times%% *}"); SINGLE_X+=("$(ratio "$(origin_bytes)" "$BYTES")")
  echo "run $run: one curl ${CURL1_S[-1]} s; one node ${SINGLE_S[-1]} s, origin ${SINGLE_X[-1]}x"
  for n in $NODES; do
    if [ "$N_CURLS" = on ]; then
      reset_log; cs=$(curls "$n"); cx=$(ratio "$(origin_bytes)" "$BYTES")
      CURLS_S[$n]+="$cs "; CURLS_X[$n]+="$cx "
      echo "run $run: N=$n: $n curls at once $cs s, origin ${cx}x"
    else
      CURLS_S[$n]+="- "; CURLS_X[$n]+="- "
    fi
    for policy in $POLICIES; do
      reset_log; times=$(fleet "$n" "$policy"); fx=$(ratio "$(origin_bytes)" "$BYTES")
      fs=${times%% *}; ff=${times##* }
      FLEET_S[$n-$policy]+="$fs "; FLEET_F[$n-$policy]+="$ff "; FLEET_X[$n-$policy]+="$fx "
      echo "run $run: N=$n: fleet (origin pieces $policy) first node $ff s, last node $fs s, origin ${fx}x"
    done
  done
done

single=$(median "${SINGLE_S[@]}")
echo
echo "median of $RUNS run(s): ${SIZE_MIB} MiB image, origin egress $RATE, isofleet $(basename "$(dirname "$BIN")") build"
echo "baselines: one curl $(median "${CURL1_S[@]}") s; one node alone $single s, origin $(median "${SINGLE_X[@]}")x the image"
printf '%-3s %-14s %8s %8s %10s %14s %10s %14s\n' N "origin pieces" "first s" "last s" "last ÷ 1" \
  "origin ÷ image" "N curls s" "curls origin ÷"
for n in $NODES; do
  for policy in $POLICIES; do
    fs=$(median ${FLEET_S[$n-$policy]}); fx=$(median ${FLEET_X[$n-$policy]})
    printf '%-3s %-14s %8s %8s %10s %14s %10s %14s\n' "$n" "$policy" "$(median ${FLEET_F[$n-$policy]})" "$fs" \
      "$(ratio "$fs" "$single")" "$fx" "$(median ${CURLS_S[$n]})" "$(median ${CURLS_X[$n]})"
  done
done
echo "targets: fleet last node <= 1.30x one node alone; origin bytes <= 1.20x the image"
