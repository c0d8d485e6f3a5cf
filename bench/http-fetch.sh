#!/usr/bin/env bash
# HTTP fetch benchmark (issue 4): isofleet's fetcher vs `curl -o`, same file, same nginx, same run.
#
# nginx on loopback serves a generated image (default 1 GiB). Each round times, interleaved:
#   curl -o FILE URL                           the reference transfer (no hash, no fsync)
#   openssl dgst -sha256 FILE                  the hash curl's user would still have to run
#   sync FILE                                  the fsync isofleet does and curl does not
#   isofleet fetch URL --output FILE --sha256  transfer + SHA-256 while receiving + fsync + rename
#   isofleet fetch ... --buffered              the same through the page cache (no O_DIRECT)
# and prints the median of the rounds in MB/s (10^6 bytes/s), with the ratios isofleet / curl -o
# (target ≥ 0.9) and isofleet / (curl -o + dgst + fsync), the same work done by hand.
#
# Builds nothing: run `swift build -c release` first. Usage:
#   bench/http-fetch.sh [SIZE_MIB=1024] [ROUNDS=3]
# Environment: ISOFLEET_BIN (binary, default .build/release/isofleet), BENCH_DIR (work directory on
# the disk to measure, default a new directory under /tmp; removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."

size_mib=${1:-1024}
rounds=${2:-3}
isofleet=${ISOFLEET_BIN:-.build/release/isofleet}
[ -x "$isofleet" ] || { echo "no $isofleet: run swift build -c release first" >&2; exit 2; }
for tool in /usr/sbin/nginx curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh test)" >&2; exit 2; }
done

work=${BENCH_DIR:-$(mktemp -d /tmp/isofleet-bench-http.XXXXXX)}
mkdir -p "$work/root" "$work/nginx/tmp" "$work/out"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:8.1f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

echo "generating a ${size_mib} MiB image in $work" >&2
head -c "$((size_mib * 1048576))" /dev/urandom >"$work/root/image.iso"
bytes=$(stat -c %s "$work/root/image.iso")
expected=$(openssl dgst -sha256 -r "$work/root/image.iso" | cut -d' ' -f1)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    server { listen 127.0.0.1:$port; root $work/root; }
}
CONF
/usr/sbin/nginx -p "$work/nginx/" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
url="http://127.0.0.1:$port/image.iso"

curl_times=() dgst_times=() fsync_times=() isofleet_times=() buffered_times=()
for round in $(seq "$rounds"); do
  rm -f "$work/out/"*; sync
  start=$(now); curl -s -o "$work/out/curl.iso" "$url"; end=$(now)
  curl_times+=("$(elapsed "$start" "$end")")
  start=$(now); got=$(openssl dgst -sha256 -r "$work/out/curl.iso" | cut -d' ' -f1); end=$(now)
  dgst_times+=("$(elapsed "$start" "$end")")
  [ "$got" = "$expected" ] || { echo "curl's copy has the wrong digest" >&2; exit 1; }
  start=$(now); sync "$work/out/curl.iso"; end=$(now)
  fsync_times+=("$(elapsed "$start" "$end")")
  rm -f "$work/out/"*; sync
  start=$(now); "$isofleet" fetch "$url" --output "$work/out/isofleet.iso" --sha256 "$expected" --size "$bytes" --quiet >/dev/null; end=$(now)
  isofleet_times+=("$(elapsed "$start" "$end")")
  rm -f "$work/out/"*; sync
  start=$(now); "$isofleet" fetch "$url" --output "$work/out/isofleet.iso" --sha256 "$expected" --size "$bytes" --quiet --buffered >/dev/null; end=$(now)
  buffered_times+=("$(elapsed "$start" "$end")")
  echo "round $round: curl -o ${curl_times[-1]} s, openssl dgst ${dgst_times[-1]} s, fsync ${fsync_times[-1]} s," \
    "isofleet fetch ${isofleet_times[-1]} s, isofleet fetch --buffered ${buffered_times[-1]} s" >&2
done

t_curl=$(median "${curl_times[@]}")
t_dgst=$(median "${dgst_times[@]}")
t_fsync=$(median "${fsync_times[@]}")
sums=()
for i in "${!curl_times[@]}"; do
  sums+=("$(python3 -c "import sys; print(f'{sum(map(float, sys.argv[1:])):.3f}')" "${curl_times[$i]}" "${dgst_times[$i]}" "${fsync_times[$i]}")")
done
t_by_hand=$(median "${sums[@]}")
t_isofleet=$(median "${isofleet_times[@]}")
t_buffered=$(median "${buffered_times[@]}")

echo "HTTP fetch of $bytes bytes from nginx on loopback, median of $rounds rounds"
printf '  %-34s %8s s %s MB/s\n' "curl -o" "$t_curl" "$(rate "$bytes" "$t_curl")"
printf '  %-34s %8s s %s MB/s\n' "openssl dgst -sha256 (warm file)" "$t_dgst" "$(rate "$bytes" "$t_dgst")"
printf '  %-34s %8s s %s MB/s\n' "fsync of curl's file (sync FILE)" "$t_fsync" "$(rate "$bytes" "$t_fsync")"
printf '  %-34s %8s s %s MB/s\n' "curl -o + dgst + fsync" "$t_by_hand" "$(rate "$bytes" "$t_by_hand")"
printf '  %-34s %8s s %s MB/s\n' "isofleet fetch (sha256, fsync)" "$t_isofleet" "$(rate "$bytes" "$t_isofleet")"
printf '  %-34s %8s s %s MB/s\n' "isofleet fetch --buffered" "$t_buffered" "$(rate "$bytes" "$t_buffered")"
echo "  ratio isofleet / curl -o:                   $(ratio "$t_curl" "$t_isofleet")x (target >= 0.9)"
echo "  ratio isofleet / (curl -o + dgst + fsync):  $(ratio "$t_by_hand" "$t_isofleet")x"
echo "  ratio isofleet --buffered / curl -o:        $(ratio "$t_curl" "$t_buffered")x"
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
