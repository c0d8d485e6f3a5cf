#!/usr/bin/env bash
# Fleet benchmark (issues 6 and 14): N `isofleet serve` nodes, each in its own network namespace on
# one bridge, fetch one image named by a manifest on an nginx origin whose egress is capped with tc.
#
# The matrix: image sizes × piece sizes × torrent makers × N. Per cell, RUNS rounds, medians of:
#   - last node: seconds from starting the N nodes until the last one's inventory lists the
#     verified image (every copy is then compared with the origin's file), ÷ one node alone;
#   - origin ÷ image: the image bytes nginx sent ($body_bytes_sent) ÷ the image size;
#   - late node (LATE=on): an (N+1)-th node started halfway through the single node's time; the
#     share of the image it took from the origin.
# Baselines of the same rounds, per image size: one curl alone; per piece size, one node alone
# (isofleet without peers: straight from the origin); per N, with the default piece size's torrent,
# libtorrent clients with the origin as a web seed (bench/lt_webseed.py), and aria2 seeding at the
# origin (BitTorrent from the origin instead of HTTP: an opentracker there, N aria2 leechers that
# seed to each other; its "origin ÷ image" counts the origin's eth0 transmit bytes, protocol
# overhead included).
# Targets (issue 14): last node <= 1.25x one node alone; origin <= 1.10x the image; late node <= 2%.
#
# Env: SIZES_MIB ("256 1024"), PIECES ("256k 1m 4m 16m"), MAKERS ("isofleet mktorrent"), NODES
# ("4 8"), RUNS (3), LATE (on), BASELINES (on; off: only curl and one node alone), RATE (origin
# egress, 200mbit), POLICIES (swarm.origin_pieces values, "on"), BENCH_DIR (scratch, /tmp),
# LOG_DIR (keep nginx's and the nodes' logs there), ISOFLEET_BIN (.build/release/isofleet).
# Needs root, iproute2 (ip, tc), nginx, curl, python3; mktorrent and python3-libtorrent for their
# cells and baseline (scripts/install-deps.sh bench).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source bench/fleet-lab.sh

BIN=$(realpath "$ISOFLEET_BIN")
SIZES_MIB=${SIZES_MIB:-"256 1024"}
PIECES=${PIECES:-"256k 1m 4m 16m"}
MAKERS=${MAKERS:-"isofleet mktorrent"}
NODES=${NODES:-"4 8"}
RUNS=${RUNS:-3}
LATE=${LATE:-on}
BASELINES=${BASELINES:-on}
RATE=${RATE:-200mbit}
POLICIES=${POLICIES:-on}
for tool in ip tc nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh bench)" >&2; exit 2; }
done
[[ " $MAKERS " != *" mktorrent "* ]] || command -v mktorrent >/dev/null \
  || { echo "bench: mktorrent missing (scripts/install-deps.sh bench)" >&2; exit 2; }
if [ "$BASELINES" = on ]; then
  # python3-libtorrent is Debian's: its python, not one a version manager put first on PATH.
  /usr/bin/python3 -c 'import libtorrent' 2>/dev/null || { echo "bench: python3-libtorrent missing" >&2; exit 2; }
  for tool in aria2c opentracker mktorrent; do
    command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh bench)" >&2; exit 2; }
  done
fi

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-fleet.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  lab_teardown
  rm -rf "$WORK"
}
trap cleanup EXIT

# "4m" -> 4194304.
bytes_of() { numfmt --from=iec "${1^^}"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }'; }

# The image: the default layout's base name, so the torrent made from the origin's file has the
# info-hash a node seeding its placed copy computes.
FILE=ubuntu.server-24.04.1.iso
LAYOUT_PATH="Linux/Ubuntu - Server/$FILE"
: >"$WORK/empty.conf"

# The lab: host 0 is the origin, hosts 1…max(N)+1 the clients (the last one for the late node).
MAX_NODES=$(printf '%s\n' $NODES | sort -n | tail -1)
lab_create
for _ in $(seq 0 $((MAX_NODES + 1))); do lab_add_host; done
ORIGIN=$(lab_addr 0)
lab_shape 0 "$RATE"
mkdir -p "$WORK/origin" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    log_format fleet '\$remote_addr \$uri \$status \$body_bytes_sent \$msec \$request_time "\$http_range"';
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
echo "origin $ORIGIN capped at $RATE; isofleet $BIN; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Image bytes the origin served since the last reset_log, to host $1 (all hosts without it).
origin_bytes() {
  sleep 1
  awk -v p="/$FILE" -v h="${1:-}" '$2 == p && (h == "" || $1 == h) { s += $4 } END { printf "%.0f\n", s }' \
    "$WORK/nginx/access.log"
}
reset_log() { : >"$WORK/nginx/access.log"; }
keep_log() { if [ -n "${LOG_DIR:-}" ]; then mkdir -p "$LOG_DIR"; cp "$WORK/nginx/access.log" "$LOG_DIR/$1.log"; fi; }

# Writes the manifest naming the image with the torrent $1 (a file in the origin's root).
write_manifest() {
  python3 - "$WORK/origin/manifest.json" "$ORIGIN" "$FILE" "$BYTES" "$SHA" "$1" <<'PY'
import json, sys
path, origin, name, size, sha, torrent = sys.argv[1:]
image = {"family": "Linux", "name": "Ubuntu", "flavor": "Server",
         "version": {"major": "24", "minor": "04", "patch": "1"}, "file_name": name,
         "size": int(size), "sha256": sha,
         "sources": {"http": [f"http://{origin}/{name}"], "torrent": f"http://{origin}/{torrent}"}}
json.dump({"format": "isofleet-manifest/1", "images": [image]}, open(path, "w"))
PY
}

# Makes the torrent of piece size $2 with maker $1; prints its file name in the origin's root.
make_torrent() {
  local maker=$1 piece=$2 name="$FILE.$1-$2.torrent"
  case $maker in
    isofleet)
      "$BIN" torrent create "$WORK/origin/$FILE" --piece-size "$(bytes_of "$piece")" \
        --output "$WORK/origin/$name" --config "$WORK/empty.conf" >/dev/null ;;
    mktorrent)
      local log2
      log2=$(python3 -c "print(($(bytes_of "$piece")).bit_length() - 1)")
      rm -f "$WORK/origin/$name"
      mktorrent -l "$log2" -a "http://$ORIGIN:6969/announce" -o "$WORK/origin/$name" "$WORK/origin/$FILE" >/dev/null ;;
    *) echo "bench: unknown maker $maker" >&2; exit 2 ;;
  esac
  echo "$name"
}

# curl in host 1; prints the seconds until the copy is on disk.
one_curl() {
  local start
  rm -rf "$WORK/curl" && mkdir -p "$WORK/curl" && sync
  start=$(now)
  lab_exec 1 bash -c "curl -sf -o '$WORK/curl/1.iso' 'http://$ORIGIN/$FILE' && sync '$WORK/curl/1.iso'"
  since "$start"
  cmp -s "$WORK/curl/1.iso" "$WORK/origin/$FILE" || { echo "bench: curl's copy differs" >&2; exit 1; }
  rm -rf "$WORK/curl"
}

# Configures node $1 (host $1) with the peers $2 (comma-separated host:port) and
# swarm.origin_pieces $3, and adds its selection.
configure_node() {
  local host=$1 peers=$2 policy=$3
  mkdir -p "$WORK/nodes/$host"
  cat >"$WORK/nodes/$host/isofleet.conf" <<EOF
manifest.url = http://$ORIGIN/manifest.json
web.listen = $(lab_addr "$host"):8080
swarm.listen = $(lab_addr "$host"):6881
fleet.discovery = static
fleet.peers = $peers
swarm.origin_pieces = $policy
admin.token = bench-admin-token-0001
EOF
  "$BIN" select add 'Linux/Ubuntu/Server@latest' --data-dir "$WORK/nodes/$host/data" \
    --config "$WORK/nodes/$host/isofleet.conf" >/dev/null
}

# Starts the configured node $1 in its host.
start_node() {
  local host=$1
  (cd "$WORK/nodes/$host" && exec ip netns exec "$(lab_ns "$host")" "$BIN" serve --data-dir data \
    --config isofleet.conf --shutdown-deadline 10 >serve.out 2>serve.err) &
  NODE_PIDS+=($!)
}

node_done() { grep -qs "$SHA" "$WORK/nodes/$1/data/inventory.json"; }

# The fleet: nodes 1…$1 started together, each with the others as static peers; with $3 = on,
# node $1+1 starts $2 seconds later with the first $1 as its peers. Prints "last first late_bytes".
fleet() {
  local count=$1 late_after=$2 late=$3 policy=${4:-on} host peers start first_s="" late_started=""
  local total=$count
  [ "$late" = on ] && total=$((count + 1))
  NODE_PIDS=()
  rm -rf "$WORK/nodes" && sync
  for host in $(seq 1 "$count"); do
    peers=$(for other in $(seq 1 "$count"); do [ "$other" = "$host" ] || printf '%s:6881,' "$(lab_addr "$other")"; done)
    configure_node "$host" "${peers%,}" "$policy"
  done
  if [ "$late" = on ]; then
    peers=$(for other in $(seq 1 "$count"); do printf '%s:6881,' "$(lab_addr "$other")"; done)
    configure_node "$total" "${peers%,}" "$policy"
  fi
  start=$(now)
  # With LOG_DIR, the start instant (epoch seconds) lines up nginx's $msec with the nodes' logs.
  [ -z "${LOG_DIR:-}" ] || { mkdir -p "$LOG_DIR"; echo "$start" >"$LOG_DIR/$CELL.start"; }
  for host in $(seq 1 "$count"); do start_node "$host"; done
  local finished=() done_count last_s=""
  for _ in $(seq 1 36000); do
    if [ "$late" = on ] && [ -z "$late_started" ] && awk -v a="$start" -v b="$(now)" -v l="$late_after" 'BEGIN { exit !(b - a >= l) }'; then
      start_node "$total"
      late_started=1
    fi
    done_count=0
    for host in $(seq 1 "$total"); do
      if [ -z "${finished[$host]:-}" ] && node_done "$host"; then
        finished[$host]=1
        [ -n "$first_s" ] || first_s=$(since "$start")
      fi
      [ -n "${finished[$host]:-}" ] && done_count=$((done_count + 1))
    done
    if [ -z "$last_s" ]; then
      local originals=0
      for host in $(seq 1 "$count"); do [ -n "${finished[$host]:-}" ] && originals=$((originals + 1)); done
      [ "$originals" = "$count" ] && last_s=$(since "$start")
    fi
    [ "$done_count" = "$total" ] && break
    sleep 0.1
  done
  [ "$done_count" = "$total" ] || { echo "bench: only $done_count of $total nodes got the image" >&2; exit 1; }
  for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for host in $(seq 1 "$total"); do
    cmp -s "$WORK/nodes/$host/data/repo/$LAYOUT_PATH" "$WORK/origin/$FILE" \
      || { echo "bench: node $host's copy differs" >&2; exit 1; }
    if [ -n "${LOG_DIR:-}" ]; then mkdir -p "$LOG_DIR" && cp "$WORK/nodes/$host/serve.err" "$LOG_DIR/$CELL-serve-$host.err"; fi
  done
  local late_bytes=0
  [ "$late" = on ] && late_bytes=$(origin_bytes "$(lab_addr "$total")")
  echo "$last_s $first_s $late_bytes"
}

# libtorrent clients in hosts 1…$1 with the origin as a web seed (torrent $2); prints the seconds.
webseed() {
  local count=$1 torrent=$2 host peers start pids=()
  rm -rf "$WORK/lt" && mkdir -p "$WORK/lt" && sync
  start=$(now)
  for host in $(seq 1 "$count"); do
    peers=$(for other in $(seq 1 "$count"); do [ "$other" = "$host" ] || printf '%s:6881 ' "$(lab_addr "$other")"; done)
    lab_exec "$host" /usr/bin/python3 bench/lt_webseed.py "$WORK/origin/$torrent" "http://$ORIGIN/$FILE" \
      "$WORK/lt/$host" "$(lab_addr "$host")" $peers &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { echo "bench: a libtorrent client failed" >&2; exit 1; }; done
  since "$start"
  cmp -s "$WORK/lt/1/$FILE" "$WORK/origin/$FILE" || { echo "bench: libtorrent's copy differs" >&2; exit 1; }
  rm -rf "$WORK/lt"
}

# aria2 seeding the image at the origin (host 0, found through an opentracker there) and aria2
# leechers in hosts 1…$1 (torrent $2, by mktorrent with that tracker); prints "seconds origin_bytes":
# the seconds until every leecher ran its completion hook, the bytes host 0 transmitted meanwhile.
aria2_origin() {
  local count=$1 torrent=$2 host start sent last pids=() common
  rm -rf "$WORK/aria2" && mkdir -p "$WORK/aria2/tracker" && sync
  # Debian's opentracker only tracks whitelisted info-hashes.
  aria2c -S "$WORK/origin/$torrent" | awk '/^Info Hash:/ { print $3 }' >"$WORK/aria2/tracker/whitelist"
  # `exec` in a subshell: $! is then the program itself, which a kill reaches.
  (exec ip netns exec "$(lab_ns 0)" opentracker -i "$ORIGIN" -p 6969 -P 6969 -d "$WORK/aria2/tracker" -w whitelist \
    >"$WORK/aria2/tracker.log" 2>&1) &
  pids+=($!)
  lab_wait_listening 0 6969
  common=(--enable-dht=false --enable-dht6=false --bt-enable-lpd=false --file-allocation=none --disk-cache=0
    --summary-interval=0 --console-log-level=error --bt-tracker-interval=5 --bt-max-peers=0 --disable-ipv6=true
    --listen-port=6881)
  (exec ip netns exec "$(lab_ns 0)" aria2c "${common[@]}" --bt-seed-unverified=true --seed-ratio=0.0 \
    --dir="$WORK/origin" --bt-external-ip="$ORIGIN" "$WORK/origin/$torrent" >"$WORK/aria2/seed.out" 2>&1) &
  pids+=($!)
  lab_wait_listening 0 6881
  # The hook's third argument is the file: its directory names the host.
  printf '#!/bin/sh\ndate +%%s.%%N >"%s/done.$(basename "$(dirname "$3")")"\n' "$WORK/aria2" >"$WORK/aria2/done.sh"
  chmod +x "$WORK/aria2/done.sh"
  sent=$(lab_exec 0 cat /sys/class/net/eth0/statistics/tx_bytes)
  start=$(now)
  local leechers=()
  for host in $(seq 1 "$count"); do
    (exec ip netns exec "$(lab_ns "$host")" aria2c "${common[@]}" --seed-time=60 --dir="$WORK/aria2/$host" \
      --bt-external-ip="$(lab_addr "$host")" --on-bt-download-complete="$WORK/aria2/done.sh" \
      "$WORK/origin/$torrent" >"$WORK/aria2/$host.out" 2>&1) &
    leechers+=($!)
  done
  pids+=("${leechers[@]}")
  # Until every leecher ran its hook; a leecher that exits before (a port taken, a bad torrent)
  # ends the wait at once.
  local pid gone=""
  for _ in $(seq 1 36000); do
    [ "$(find "$WORK/aria2" -maxdepth 1 -name 'done.*' | wc -l)" -ge "$count" ] && break
    for pid in "${leechers[@]}"; do kill -0 "$pid" 2>/dev/null || gone=$pid; done
    [ -z "$gone" ] || break
    sleep 0.1
  done
  sent=$(($(lab_exec 0 cat /sys/class/net/eth0/statistics/tx_bytes) - sent))
  # Compared while the leechers still run (they write without a cache), then stopped.
  local problem=""
  [ "$(find "$WORK/aria2" -maxdepth 1 -name 'done.*' | wc -l)" -ge "$count" ] \
    || problem="aria2 leechers did not all finish: $(cat "$WORK"/aria2/*.out | grep -m1 -i error)"
  for host in $(seq 1 "$count"); do
    [ -n "$problem" ] || cmp -s "$WORK/aria2/$host/$FILE" "$WORK/origin/$FILE" || problem="aria2's copy in host $host differs"
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$problem" ] || { echo "bench: $problem" >&2; exit 1; }
  last=$(cat "$WORK"/aria2/done.* | sort -g | tail -1)
  rm -rf "$WORK/aria2"
  echo "$(awk -v a="$start" -v b="$last" 'BEGIN { printf "%.1f", b - a }') $sent"
}

declare -A LAST FIRST XS LATEX SINGLE SINGLEX WEB WEBX ARIA ARIAX CURL1
for size in $SIZES_MIB; do
  BYTES=$((size * 1024 * 1024))
  echo "generating a $size MiB image"
  head -c "$BYTES" /dev/urandom >"$WORK/origin/$FILE"
  SHA=$(sha256sum "$WORK/origin/$FILE" | cut -d' ' -f1)
  "$BIN" torrent create "$WORK/origin/$FILE" --output "$WORK/origin/default.torrent" --config "$WORK/empty.conf" >/dev/null
  # The piece size isofleet picks for this size (bytes), for the aria2 baseline's torrent.
  DEFAULT_PIECE=$(/usr/bin/python3 -c "import libtorrent as lt, sys; print(lt.torrent_info(sys.argv[1]).piece_length())" \
    "$WORK/origin/default.torrent")
  for run in $(seq 1 "$RUNS"); do
    reset_log; CURL1[$size]+="$(one_curl) "
    echo "size $size MiB, run $run: one curl $(echo ${CURL1[$size]} | awk '{print $NF}') s"
    for piece in $PIECES; do
      torrent=$(make_torrent isofleet "$piece"); write_manifest "$torrent"
      reset_log; CELL="$size-$piece-single-$run"; times=$(fleet 1 0 off)
      single=${times%% *}; SINGLE[$size-$piece]+="$single "
      SINGLEX[$size-$piece]+="$(ratio "$(origin_bytes)" "$BYTES") "
      echo "  piece $piece: one node alone $single s"
      for maker in $MAKERS; do
        torrent=$(make_torrent "$maker" "$piece"); write_manifest "$torrent"
        for n in $NODES; do
          for policy in $POLICIES; do
            key="$size-$piece-$maker-$n-$policy"; CELL="$key-$run"
            reset_log
            read -r last first late_bytes < <(fleet "$n" "$(python3 -c "print($single / 2)")" "$LATE" "$policy")
            fx=$(ratio "$(origin_bytes)" "$BYTES")
            keep_log "$CELL"
            LAST[$key]+="$last "; FIRST[$key]+="$first "; XS[$key]+="$fx "
            LATEX[$key]+="$(ratio "$late_bytes" "$BYTES") "
            echo "  piece $piece, $maker, N=$n, origin pieces $policy: first $first s, last $last s" \
              "($(ratio "$last" "$single")x), origin ${fx}x, late node $(ratio "$late_bytes" "$BYTES")x"
          done
        done
      done
    done
    if [ "$BASELINES" = on ]; then
      for n in $NODES; do
        reset_log; web=$(webseed "$n" default.torrent); WEB[$size-$n]+="$web "
        WEBX[$size-$n]+="$(ratio "$(origin_bytes)" "$BYTES") "
        echo "  baseline N=$n: libtorrent + web seed $web s, origin $(echo ${WEBX[$size-$n]} | awk '{print $NF}')x"
        read -r aria sent < <(aria2_origin "$n" "$(make_torrent mktorrent "$DEFAULT_PIECE")")
        ARIA[$size-$n]+="$aria "; ARIAX[$size-$n]+="$(ratio "$sent" "$BYTES") "
        echo "  baseline N=$n: aria2 seeding at the origin $aria s, origin $(ratio "$sent" "$BYTES")x (eth0)"
      done
    fi
  done
done

echo
echo "medians of $RUNS run(s); origin egress $RATE; isofleet $(basename "$(dirname "$BIN")") build;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-6s %-10s %-3s %8s %8s %9s %9s %8s %6s\n' size piece maker N "alone s" "last s" "last ÷ 1" \
  "origin ÷" "late ÷" ok
for size in $SIZES_MIB; do
  for piece in $PIECES; do
    single=$(median ${SINGLE[$size-$piece]})
    for maker in $MAKERS; do
      for n in $NODES; do
        for policy in $POLICIES; do
          key="$size-$piece-$maker-$n-$policy"
          last=$(median ${LAST[$key]}); fx=$(median ${XS[$key]}); lx=$(median ${LATEX[$key]})
          ok=$(python3 -c "print('yes' if $last / $single <= 1.25 and $fx <= 1.10 and $lx <= 0.02 else 'NO')")
          printf '%-6s %-6s %-10s %-3s %8s %8s %9s %9s %8s %6s\n' "${size}M" "$piece" "$maker" "$n" "$single" \
            "$last" "$(ratio "$last" "$single")" "$fx" "$lx" "$ok"
        done
      done
    done
  done
  echo "baselines ${size} MiB: one curl $(median ${CURL1[$size]}) s"
  if [ "$BASELINES" = on ]; then
    for n in $NODES; do
      echo "  N=$n: libtorrent with the origin as web seed $(median ${WEB[$size-$n]}) s, origin $(median ${WEBX[$size-$n]})x"
      echo "  N=$n: aria2 seeding at the origin $(median ${ARIA[$size-$n]}) s, origin $(median ${ARIAX[$size-$n]})x (eth0)"
    done
  fi
done
echo "targets (issue 14): last node <= 1.25x one node alone; origin <= 1.10x the image; late node <= 0.02x"
