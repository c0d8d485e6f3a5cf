#!/usr/bin/env bash
# Web benchmark: an `isofleet serve` node holding 1,000 images, loaded by `wrk` (50 connections,
# 2 threads, DURATION seconds) from a second process, on `/` (the page) and `/api/v1/images`.
# Reports requests/s and p99 latency (`wrk --latency`) and the node's RSS (VmRSS from /proc,
# sampled every 0.2 s during each run: peak and after), the median of RUNS runs. Same-run
# baselines: the node's own `/healthz` (the server's per-request floor), and nginx serving a
# saved copy of the page and of the images JSON as static files (the ceiling for the same bytes).
#
# The 1,000 images are tiny files (4 KiB of random bytes) at layout paths of 1,000 distinct
# identities (5 families x 20 names x 10 versions), adopted by the node's startup scan: every row
# of the catalog and the page is real, while generating and hashing them takes seconds. The
# page's cost depends on the number of rows, not on the file sizes.
# Run after `swift build -c release` (or `make bench`). Needs wrk (scripts/install-deps.sh bench),
# nginx and python3. Env: RUNS (default 3), DURATION (default 10), BENCH_DIR, ISOFLEET_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(realpath "${ISOFLEET_BIN:-.build/release/isofleet}")
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
IMAGES=1000
[ -x "$BIN" ] || { echo "bench: $BIN not built (swift build -c release)" >&2; exit 2; }
for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh bench)" >&2; exit 2; }
done

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-web-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "generating $IMAGES images in $WORK"
python3 - "$WORK/data/repo" "$IMAGES" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
families = ["Linux", "BSD", "Windows", "Appliance", "Rescue"]
n = 0
for family in families:
    for name_index in range(20):
        name, flavor = f"Distro{name_index}", ["Server", "Desktop"][name_index % 2]
        for version in range(10):
            if n == count:
                break
            directory = f"{root}/{family}/{name} - {flavor}"
            os.makedirs(directory, exist_ok=True)
            path = f"{directory}/{name.lower()}.{flavor.lower()}-{version + 1}.{name_index}.0.iso"
            with open(path, "wb") as f:
                f.write(os.urandom(4096))
            n += 1
PY

WEB_PORT=$(free_port)
NODE_URL="http://127.0.0.1:$WEB_PORT"
printf 'web.listen = 127.0.0.1:%s\nswarm.listen = 127.0.0.1:0\n' "$WEB_PORT" >"$WORK/node.conf"
"$BIN" serve --data-dir "$WORK/data" --config "$WORK/node.conf" --log-level "${LOG_LEVEL:-warning}" >"$WORK/node.out" 2>"$WORK/node.err" &
NODE_PID=$!
PIDS+=($NODE_PID)
for _ in $(seq 1 1200); do
  curl -sf "$NODE_URL/api/v1/status" 2>/dev/null | grep -q "\"held\" : $IMAGES" && break
  sleep 0.1
done
curl -sf "$NODE_URL/api/v1/status" | grep -q "\"held\" : $IMAGES" \
  || { echo "bench: the node did not adopt $IMAGES images:" >&2; tail -5 "$WORK/node.err" >&2; exit 1; }
echo "node $NODE_URL (pid $NODE_PID) holds $IMAGES images"
# Steady state: wait until the swarm seeds every image (the first refresh creates 1,000 torrents).
for _ in $(seq 1 3000); do
  curl -sf "$NODE_URL/metrics" 2>/dev/null | grep -q "^isofleet_swarm_seeding_images $IMAGES\$" && break
  sleep 0.2
done
echo "seeding: $(curl -sf "$NODE_URL/metrics" | awk '/^isofleet_swarm_seeding_images/ {print $2}') images"

# The static baseline: the same bytes from nginx.
mkdir -p "$WORK/static/api/v1" "$WORK/nginx/tmp"
curl -sf "$NODE_URL/" >"$WORK/static/index.html"
curl -sf "$NODE_URL/api/v1/images" >"$WORK/static/api/v1/images"
NGINX_PORT=$(free_port)
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/static; default_type application/octet-stream; }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$NGINX_PORT/index.html" >/dev/null 2>&1 && break; sleep 0.1; done
echo "page $(stat -c %s "$WORK/static/index.html") bytes, images JSON $(stat -c %s "$WORK/static/api/v1/images") bytes"

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$NODE_PID/status"; }

# One wrk run: prints "requests/s p99-ms peak-RSS-MiB".
run_wrk() {
  local url=$1 peak=0 sampler out
  ( while :; do rss_kib; sleep 0.2; done ) >"$WORK/rss.samples" 2>/dev/null &
  sampler=$!
  out=$(wrk -t2 -c50 -d"${DURATION}s" --latency "$url")
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$WORK/rss.samples" | tail -1)
  echo "$out" >>"$WORK/wrk.log"
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
  echo "$rps $p99 $(( ${peak:-0} / 1024 ))"
}

measure() {
  local label=$1 url=$2 rps=() p99=() rss=() line
  for _ in $(seq 1 "$RUNS"); do
    line=$(run_wrk "$url")
    read -r r p m <<<"$line"
    rps+=("$r"); p99+=("$p"); rss+=("$m")
  done
  printf '%-34s %10s req/s   p99 %8s ms   node RSS peak %5s MiB\n' "$label" "$(median "${rps[@]}")" "$(median "${p99[@]}")" "$(median "${rss[@]}")"
  eval "${3}_RPS=$(median "${rps[@]}")"
}

echo "RSS before load: $(( $(rss_kib) / 1024 )) MiB; wrk -t2 -c50 -d${DURATION}s, median of $RUNS"
measure "node /"                      "$NODE_URL/"                                      PAGE
measure "node /api/v1/images"         "$NODE_URL/api/v1/images"                         IMAGES
measure "baseline: node /healthz"     "$NODE_URL/healthz"                               HEALTH
measure "baseline: nginx page copy"   "http://127.0.0.1:$NGINX_PORT/index.html"         STATIC_PAGE
measure "baseline: nginx images copy" "http://127.0.0.1:$NGINX_PORT/api/v1/images"      STATIC_IMAGES
echo "RSS after load: $(( $(rss_kib) / 1024 )) MiB"
python3 - "$PAGE_RPS" "$IMAGES_RPS" "$HEALTH_RPS" "$STATIC_PAGE_RPS" "$STATIC_IMAGES_RPS" <<'PY'
import sys
page, images, health, static_page, static_images = map(float, sys.argv[1:])
def ratio(a, b):
    return f"{a / b:.4f} (1/{b / a:.0f})" if a > 0 else "0 (no request answered within wrk's 2 s timeout)"
print(f"ratios: / at {ratio(page, static_page)} of nginx serving the same page, {ratio(page, health)} of /healthz")
print(f"        /api/v1/images at {ratio(images, static_images)} of nginx serving the same JSON, {ratio(images, health)} of /healthz")
PY
