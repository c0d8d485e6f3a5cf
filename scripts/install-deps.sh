#!/usr/bin/env bash
# Installs the Debian packages isofleet builds against and the real components its tests and
# benchmarks start (design §12). Installs only what is missing; safe to run again.
#   scripts/install-deps.sh build   libraries needed to compile and run the node
#   scripts/install-deps.sh test    build + the servers and peers the tests start
#   scripts/install-deps.sh bench   test + the tools the benchmarks measure against
set -euo pipefail

build_packages=(pkg-config libtorrent-rasterbar-dev libcurl4-openssl-dev libsqlite3-dev libssl-dev libsmbclient-dev libnfs-dev)
test_packages=(nginx-light aria2 transmission-daemon transmission-cli rtorrent qbittorrent-nox mktorrent python3-libtorrent opentracker
  python3-venv binutils
  curl iproute2 openssl chromium chromium-driver python3-selenium clang-format
  samba smbclient nfs-ganesha nfs-ganesha-vfs libnfs-utils rpcbind)
bench_packages=(wrk hyperfine)

case "${1:-build}" in
  build) wanted=("${build_packages[@]}") ;;
  test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
  bench) wanted=("${build_packages[@]}" "${test_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian starts daemons on install; the tests start their own on loopback.
for service in nginx transmission-daemon opentracker smbd nmbd nfs-ganesha rpcbind; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" || true
  fi
done

# PyPI tools the tests use: the OpenAPI document is validated with openapi-spec-validator.
if [ "${1:-build}" != build ] && ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  echo "installing: openapi-spec-validator (PyPI)"
  python3 -m pip install -q openapi-spec-validator==0.9.0
fi

# moto_server (with boto3) plays the AWS APIs for the aws-asg discovery tests.
if [ "${1:-build}" != build ] && ! python3 -c 'import moto.server, boto3' 2>/dev/null; then
  echo "installing: moto[server] (PyPI)"
  python3 -m pip install -q 'moto[server]==5.2.1'
fi

# awscli is the baseline bench/storage.sh measures S3 transfers against.
if [ "${1:-build}" = bench ] && ! command -v aws >/dev/null; then
  echo "installing: awscli (PyPI)"
  python3 -m pip install -q awscli
fi
