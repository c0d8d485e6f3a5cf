#!/usr/bin/env bash
# Web benchmark: an `isofleet serve` node holding 1,000 images and 200 selections, loaded by `wrk`
# (50 connections, 2 threads, DURATION seconds) from a second process, on `/` (the page) and
# `/api/v1/images`, with the page's caches in force (kept only while the store's change counter
# stands still). Reports requests/s, p50 and p99 latency (`wrk --latency`) and the node's RSS (VmRSS from /proc,
# sampled every 0.2 s during each run: peak and after), the median of RUNS runs. Same-run
# baselines: the node's own `/healthz` (the server's per-request floor), and nginx serving a
# saved copy of the page and of the images JSON as static files (the ceiling for the same bytes).
#
# The 1,000 images are tiny files (4 KiB of random bytes) at layout paths of 1,000 distinct
# identities (5 families x 20 names x 10 versions), adopted by the node's startup scan: every row
# of the catalog and the page is real, while generating and hashing them takes seconds. The
# page's cost depends on the number of rows, not on the file sizes.
# Then the hostile clients of issue 15, each from its own address (127.0.0.2) while `/healthz` is
# probed from 127.0.0.1: slowloris headers, idle connections, requests answered before their
# 3 MiB body is read (`Connection: close`, the client closing after the answer), and page loads
# with distinct `?images_page=` and `Host`. Before, during and after each: the node's RSS, its
# open descriptors and the `/healthz` p99 (`wrk -t1 -c2 -d3s`).
# Run after `swift build -c release` (or `make bench`). Needs wrk (scripts/install-deps.sh bench),
# nginx and python3. Env: RUNS (default 3), DURATION (default 10), BENCH_DIR, ISOFLEET_BIN,
# HOSTILE (default 1; 0 skips the hostile runs), HOSTILE_ONLY (1: only the hostile runs), HOLD
# (seconds each connection attack lasts, default 35: past the 30 s idle timeout), HOSTILE_ROUNDS
# (default 1; 2 repeats the attacks on the same node, to see that nothing keeps growing).
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
# nginx's worker runs as nobody (started as root): it must be able to read the static copies.
chmod 755 "$WORK"
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
# 200 selections over those names: each family's 20 names, @latest and @<major>.latest.
SELECTIONS=200
echo "adding $SELECTIONS selections"
for family in Linux BSD Windows Appliance Rescue; do
  for name_index in $(seq 0 19); do
    flavor=$([ $((name_index % 2)) = 0 ] && echo Server || echo Desktop)
    for spec in "$family/Distro$name_index/$flavor@latest" "$family/Distro$name_index/$flavor@$((name_index % 10 + 1)).latest"; do
      "$BIN" select add "$spec" --data-dir "$WORK/data" --config "$WORK/node.conf" >/dev/null
    done
  done
done
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
  sendfile on; tcp_nopush on;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/static; default_type application/octet-stream; }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$NGINX_PORT/index.html" >/dev/null 2>&1 && break; sleep 0.1; done
echo "page $(stat -c %s "$WORK/static/index.html") bytes, images JSON $(stat -c %s "$WORK/static/api/v1/images") bytes"

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$NODE_PID/status"; }

# One wrk run: prints "requests/s p50-ms p99-ms peak-RSS-MiB".
run_wrk() {
  local url=$1 peak=0 sampler out
  ( while :; do rss_kib; sleep 0.2; done ) >"$WORK/rss.samples" 2>/dev/null &
  sampler=$!
  out=$(wrk -t2 -c50 -d"${DURATION}s" --latency "$url")
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$WORK/rss.samples" | tail -1)
  echo "$out" >>"$WORK/wrk.log"
  if echo "$out" | grep -q "Non-2xx"; then
    echo "bench: $url answered errors under load: $(echo "$out" | grep Non-2xx)" >&2
    exit 1
  fi
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | percentile_ms 50%)
  p99=$(echo "$out" | percentile_ms 99%)
  echo "$rps $p50 $p99 $(( ${peak:-0} / 1024 ))"
}

# wrk's latency line $1 ("50%", "99%") in milliseconds, from wrk's output on stdin.
percentile_ms() {
  awk -v q="$1" '$1 == q {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'
}

measure() {
  local label=$1 url=$2 rps=() p50=() p99=() rss=() line
  for _ in $(seq 1 "$RUNS"); do
    line=$(run_wrk "$url")
    read -r r h p m <<<"$line"
    rps+=("$r"); p50+=("$h"); p99+=("$p"); rss+=("$m")
  done
  printf '%-34s %10s req/s   p50 %7s ms   p99 %8s ms   node RSS peak %5s MiB\n' "$label" "$(median "${rps[@]}")" \
    "$(median "${p50[@]}")" "$(median "${p99[@]}")" "$(median "${rss[@]}")"
  eval "${3}_RPS=$(median "${rps[@]}")"
  eval "${3}_P99=$(median "${p99[@]}")"
}

if [ "${HOSTILE_ONLY:-0}" != 1 ]; then
echo "RSS before load: $(( $(rss_kib) / 1024 )) MiB; wrk -t2 -c50 -d${DURATION}s, median of $RUNS"
measure "node /"                      "$NODE_URL/"                                      PAGE
measure "node /api/v1/images"         "$NODE_URL/api/v1/images"                         IMAGES
measure "baseline: node /healthz"     "$NODE_URL/healthz"                               HEALTH
measure "baseline: nginx page copy"   "http://127.0.0.1:$NGINX_PORT/index.html"         STATIC_PAGE
measure "baseline: nginx images copy" "http://127.0.0.1:$NGINX_PORT/api/v1/images"      STATIC_IMAGES
echo "RSS after load: $(( $(rss_kib) / 1024 )) MiB"
python3 - "$PAGE_RPS" "$IMAGES_RPS" "$HEALTH_RPS" "$STATIC_PAGE_RPS" "$STATIC_IMAGES_RPS" "$PAGE_P99" <<'PY'
import sys
page, images, health, static_page, static_images, page_p99 = map(float, sys.argv[1:])
def ratio(a, b):
    return f"{a / b:.4f} (1/{b / a:.0f})" if a > 0 else "0 (no request answered within wrk's 2 s timeout)"
print(f"ratios: / at {ratio(page, static_page)} of nginx serving the same page, {ratio(page, health)} of /healthz")
print(f"        /api/v1/images at {ratio(images, static_images)} of nginx serving the same JSON, {ratio(images, health)} of /healthz")
ok = page_p99 <= 50 and images >= 0.5 * static_images
print(f"targets (issue 13): page p99 {page_p99} ms <= 50 ms; /api/v1/images >= 0.5x nginx's requests/s: "
      + ("met" if ok else "NOT met"))
PY
fi

[ "${HOSTILE:-1}" = 1 ] || exit 0

# The hostile clients (issue 15), from 127.0.0.2 so that the node's per-address cap applies to them
# and not to the /healthz probe.
cat >"$WORK/hostile.py" <<'PY'
import socket, sys, threading, time
mode, port, count, duration = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def connect():
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    s.connect(("127.0.0.1", port))
    return s
held, refused = [], 0
end = time.time() + duration
if mode in ("idle", "slowloris"):
    for _ in range(count):
        try:
            s = connect()
            if mode == "slowloris":
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            held.append(s)
        except OSError:
            refused += 1
    line = 0
    while time.time() < end:
        time.sleep(1)
        line += 1
        for s in list(held):
            try:
                if mode == "slowloris":
                    s.sendall(b"X-Slow-%d: a\r\n" % line)
                else:
                    s.setblocking(False)
                    if s.recv(1) == b"":
                        raise OSError("closed")
            except BlockingIOError:
                pass
            except OSError:
                held.remove(s)
                s.close()
    print(f"{mode}: {count} opened, {len(held)} still open after {duration:.0f} s (the node closed the rest)")
elif mode == "early":
    body = b"x" * (3 * 1024 * 1024)
    answered = 0
    def worker(n):
        global answered, refused
        for _ in range(n):
            try:
                s = connect()
                s.settimeout(0.3)
                s.sendall(b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
                try:
                    s.sendall(body)
                except OSError:
                    pass
                s.settimeout(5)
                if s.recv(64).startswith(b"HTTP/1.1 "):
                    answered += 1
                s.close()
            except OSError:
                refused += 1
    threads = [threading.Thread(target=worker, args=(count // 16,)) for _ in range(16)]
    for t in threads: t.start()
    for t in threads: t.join()
    print(f"early: {answered} of {count // 16 * 16} requests answered before their body was read, {refused} failed")
PY
cat >"$WORK/pages.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/?images_page=" .. counter, { ["Host"] = "attacker-" .. counter .. ".example" })
end
LUA

fds() { ls "/proc/$NODE_PID/fd" | wc -l; }
health_p99() {
  wrk -t1 -c2 -d3s --latency "$NODE_URL/healthz" 2>/dev/null \
    | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'
}
snapshot() { printf '  %-7s RSS %5s MiB   fds %5s   /healthz p99 %8s ms\n' "$1" "$(( $(rss_kib) / 1024 ))" "$(fds)" "$(health_p99)"; }
# Waits until the descriptors are back within 8 of `$1` (at most 40 s): the node let go.
settle() { for _ in $(seq 1 200); do [ "$(fds)" -le $(( $1 + 8 )) ] && return; sleep 0.2; done; }

attack() {
  local label=$1 before; shift
  echo "$label"
  before=$(fds)
  snapshot before
  "$@" >"$WORK/attack.out" 2>&1 &
  local attacker=$!
  sleep 3
  snapshot during
  wait "$attacker" || true
  sed 's/^/  /' "$WORK/attack.out"
  settle "$before"
  snapshot after
}

HOLD=${HOLD:-35}
echo "hostile clients (python attackers from 127.0.0.2, wrk and the /healthz probe from 127.0.0.1)"
# HOSTILE_ROUNDS > 1 repeats the four attacks on the same node: what a bounded server keeps
# after the first round (allocator high-water marks) must not grow in the next.
for round in $(seq 1 "${HOSTILE_ROUNDS:-1}"); do
  [ "${HOSTILE_ROUNDS:-1}" = 1 ] || echo "round $round"
  attack "slowloris: 1,500 connections, a header line a second for ${HOLD} s" python3 "$WORK/hostile.py" slowloris "$WEB_PORT" 1500 "$HOLD"
  attack "idle: 2,000 connections held ${HOLD} s" python3 "$WORK/hostile.py" idle "$WEB_PORT" 2000 "$HOLD"
  attack "early answers: 512 POST /healthz, Connection: close, 3 MiB body" python3 "$WORK/hostile.py" early "$WEB_PORT" 512 0
  attack "distinct cache keys: ?images_page=N and Host for ${HOLD} s (wrk -c50)" \
    wrk -t2 -c50 -d"${HOLD}s" -s "$WORK/pages.lua" "$NODE_URL/"
done
