#!/usr/bin/env bash
# Remote storage benchmark (issue 12): isofleet reading S3, SMB and NFS, and writing an S3 mirror,
# against the reference client of each protocol, same file, same server, same run.
#
# Servers on loopback, started here: moto_server (S3), a private smbd (SMB3), a private NFS-Ganesha
# (NFSv3, FSAL VFS: needs root, and rpcbind on port 111 while it starts). One generated image
# (default 1 GiB). Each round times, interleaved:
#   S3   curl --aws-sigv4 -o FILE                 the reference GET (no hash, no fsync)
#        aws s3 cp s3://… FILE                    awscli (PyPI), the tool operators use
#        isofleet fetch s3://… -o FILE --sha256   GET + SHA-256 while receiving + fsync + rename
#   SMB  smbclient -c 'get …' (SMB3)              the reference read
#        isofleet fetch smb://… -o FILE --sha256
#   NFS  nfs-cp nfs://… FILE (NFSv3)              the reference read
#        isofleet fetch nfs://… -o FILE --sha256
#   S3 upload: aws s3 cp FILE s3://… vs isofleet upload FILE s3://… (the mirror's multipart upload
#        with the SHA-256 in its metadata), each into a fresh bucket.
#   Ceilings, no network: dd of the server's copy to the output disk with O_DIRECT (the disk reads
#        and writes every fetch here makes), and openssl's SHA-256 rate.
# Every reference is also timed until `sync FILE` returns ("+ fsync"): the reference clients leave
# the file in the page cache, isofleet exits with it on disk. On a small machine where the servers
# read the same disk the fetch writes, the disk copy ceiling, not the network, bounds isofleet.
# Prints the median of the rounds in MB/s (10^6 bytes/s) and the ratios isofleet / reference
# (targets: S3 GET ≥ 0.9× curl and ≥ 1.0× aws s3 cp; SMB ≥ 0.9× smbclient; NFS ≥ 0.9× nfs-cp;
# upload ≥ 0.9× aws s3 cp).
#
# Builds nothing: run `swift build -c release` first. Usage:
#   bench/storage.sh [SIZE_MIB=1024] [ROUNDS=3]
# Environment: ISOFLEET_BIN (default .build/release/isofleet), BENCH_DIR (work directory, default a
# new one under /tmp; removed afterwards), ONLY (s3, smb, nfs or upload: run one part), RATE_MBIT
# (shape what the servers send on loopback to this many Mbit/s with tc, as a real network would:
# then the network, not this machine's disk and CPUs, is the limit; unset = unshaped), SERVER_DIR
# (where the servers keep their files, e.g. /dev/shm: then, as with a real file server, they do not
# read the disk the fetches write; default: the work directory).
set -euo pipefail
cd "$(dirname "$0")/.."

size_mib=${1:-1024}
rounds=${2:-3}
only=${ONLY:-}
isofleet=$(realpath "${ISOFLEET_BIN:-.build/release/isofleet}")
[ -x "$isofleet" ] || { echo "no $isofleet: run swift build -c release first" >&2; exit 2; }
for tool in moto_server aws curl smbd smbclient pdbedit ganesha.nfsd nfs-cp rpcbind openssl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh bench)" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "run as root: ganesha's FSAL VFS and rpcbind need it" >&2; exit 2; }

work=$(mktemp -d "${BENCH_DIR:-/tmp}/isofleet-bench-storage.XXXXXX")
# What the servers hold (their shares, exports and moto's object files); in SERVER_DIR when given.
serve=$work
[ -n "${SERVER_DIR:-}" ] && serve=$(mktemp -d "$SERVER_DIR/isofleet-bench-servers.XXXXXX")
pids=()
started_rpcbind=""
shaped=""
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$serve/smb/pid/samba-dcerpcd.pid" ] && kill -TERM "$(cat "$serve/smb/pid/samba-dcerpcd.pid")" 2>/dev/null
  if [ -n "$shaped" ]; then tc qdisc del dev lo root 2>/dev/null || true; fi
  if [ -n "$started_rpcbind" ]; then kill -TERM "$started_rpcbind" 2>/dev/null || true; wait "$started_rpcbind" 2>/dev/null || true; fi
  rm -rf "$work" "$serve"
}
trap cleanup EXIT

now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:8.1f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$1" "$2"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
# Times "$@" (output discarded), prints seconds.
timed() { local start; start=$(now); "$@" >/dev/null 2>&1; python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(now)"; }
# Drops the page cache so every read comes from the server's disk, as a real one would.
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true; }

mkdir -p "$work/out" "$work/node"
echo "generating a ${size_mib} MiB image in $work" >&2
head -c "$((size_mib * 1048576))" /dev/urandom >"$work/image.iso"
bytes=$(stat -c %s "$work/image.iso")
sha=$(openssl dgst -sha256 -r "$work/image.iso" | cut -d' ' -f1)

export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secretEXAMPLE AWS_DEFAULT_REGION=us-east-1
# ---------------------------------------------------------------------------------------------------
# Servers
s3_port=$(free_port)
mkdir -p "$serve/moto"
TMPDIR="$serve/moto" moto_server -H 127.0.0.1 -p "$s3_port" >"$work/moto.log" 2>&1 &
pids+=($!)
endpoint=http://127.0.0.1:$s3_port
wait_port "$s3_port" || { echo "moto_server did not start" >&2; exit 1; }
aws() { command aws --endpoint-url="$endpoint" "$@" >/dev/null; }  # awscli 1.x: no global --only-show-errors
aws s3 mb s3://isofleet-bench >/dev/null
aws s3 cp "$work/image.iso" s3://isofleet-bench/image.iso

smb_port=$(free_port)
mkdir -p "$serve/smb"/{share,private,lock,state,cache,pid,log,ncalrpc}
echo "$(id -un) = tester" >"$serve/smb/users.map"
cat >"$serve/smb/smb.conf" <<CONF
[global]
   server role = standalone server
   smb ports = $smb_port
   interfaces = 127.0.0.1
   bind interfaces only = yes
   disable netbios = yes
   server min protocol = SMB3
   private dir = $serve/smb/private
   lock directory = $serve/smb/lock
   state directory = $serve/smb/state
   cache directory = $serve/smb/cache
   pid directory = $serve/smb/pid
   ncalrpc dir = $serve/smb/ncalrpc
   log file = $serve/smb/log/log.%m
   passdb backend = tdbsam:$serve/smb/private/passdb.tdb
   username map = $serve/smb/users.map
   usershare path =
   load printers = no
   printing = bsd
   printcap name = /dev/null
   disable spoolss = yes
   map to guest = never
[share]
   path = $serve/smb/share
   read only = no
CONF
printf 'benchpass\nbenchpass\n' | pdbedit -s "$serve/smb/smb.conf" -t -a -u "$(id -un)" >/dev/null 2>&1
cp "$work/image.iso" "$serve/smb/share/image.iso"
smbd --foreground -s "$serve/smb/smb.conf" >"$serve/smb/log/smbd.out" 2>&1 &
pids+=($!)
wait_port "$smb_port" || { echo "smbd did not start" >&2; exit 1; }
printf 'benchpass\n' >"$work/smb-password"

nfs_port=$(free_port)
mnt_port=$(free_port)
if ! (exec 3<>/dev/tcp/127.0.0.1/111) 2>/dev/null; then
  rpcbind -f &
  started_rpcbind=$!
  wait_port 111 || { echo "rpcbind did not start" >&2; exit 1; }
fi
mkdir -p "$serve/nfs"/{export,recov,run}
cat >"$serve/nfs/ganesha.conf" <<CONF
NFS_CORE_PARAM {
    Bind_addr = 127.0.0.1; NFS_Port = $nfs_port; MNT_Port = $mnt_port;
    Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false; Protocols = 3, 4;
    Plugins_Dir = "/usr/lib/x86_64-linux-gnu/ganesha"; mount_path_pseudo = true;
}
NFSv4 { Graceless = true; RecoveryBackend = fs; RecoveryRoot = "$serve/nfs/recov"; Only_Numeric_Owners = true; }
NFS_KRB5 { Active_krb5 = false; CCacheDir = "$serve/nfs/run"; }
EXPORT {
    Export_Id = 1; Path = "$serve/nfs/export"; Pseudo = "/export"; Access_Type = RW; Squash = None;
    Protocols = 3, 4; Transports = TCP; SecType = sys; Attr_Expiration_Time = 0; FSAL { Name = VFS; }
}
LOG { Default_Log_Level = EVENT; }
CONF
cp "$work/image.iso" "$serve/nfs/export/image.iso"
: >"$serve/nfs/ganesha.log"
ganesha.nfsd -F -f "$serve/nfs/ganesha.conf" -L "$serve/nfs/ganesha.log" -p "$serve/nfs/run/ganesha.pid" >"$serve/nfs/out" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q "NFS SERVER INITIALIZED" "$serve/nfs/ganesha.log" && break; sleep 0.05; done
nfs_url="nfs://127.0.0.1/export/image.iso?nfsport=$nfs_port&mountport=$mnt_port"

if [ -n "${RATE_MBIT:-}" ]; then
  # Traffic from the servers' ports goes through one class at RATE_MBIT; everything else on lo
  # (the requests, other programs) is left alone.
  tc qdisc show dev lo | grep -q "qdisc noqueue" || { echo "lo already has a qdisc: not touching it" >&2; exit 2; }
  tc qdisc add dev lo root handle 1: htb default 99
  shaped=yes
  tc class add dev lo parent 1: classid 1:1 htb rate "${RATE_MBIT}mbit" burst 1m cburst 1m quantum 65536
  for port in "$s3_port" "$smb_port" "$nfs_port"; do
    tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip sport "$port" 0xffff flowid 1:1
  done
fi

cat >"$work/node/isofleet.conf" <<CONF
s3.endpoint = $endpoint
s3.region = us-east-1
smb.user = tester
smb.password_file = $work/smb-password
CONF
node_options=(--config "$work/node/isofleet.conf" --data-dir "$work/node/data")

fetch() { rm -f "$2" "$2.part"; "$isofleet" fetch "$1" -o "$2" --sha256 "$sha" --quiet "${node_options[@]}"; }
check() { [ "$(openssl dgst -sha256 -r "$1" | cut -d' ' -f1)" = "$sha" ] || { echo "bench: $1 is not the image" >&2; exit 1; }; }

# ---------------------------------------------------------------------------------------------------
declare -A times
run() { # NAME COMMAND... : times one run (page cache dropped first), appends to times[NAME]
  local name=$1; shift
  drop_caches
  times[$name]+="$(timed "$@") "
}
# NAME FILE COMMAND... : like run, for a reference client that writes FILE without syncing it:
# times[NAME] is until the client exits (its bytes may still be only in the page cache),
# times[NAME-durable] until `sync FILE` has put them on disk, as isofleet's fsync does.
run_reference() {
  local name=$1 file=$2 start exited; shift 2
  drop_caches
  start=$(now)
  "$@" >/dev/null 2>&1 || true
  exited=$(now)
  sync "$file" 2>/dev/null || true
  times[$name]+="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$exited") "
  times[$name-durable]+="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(now)") "
}
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  # The machine's own limits, no network: the server's copy read from disk while written with
  # O_DIRECT to the output disk (what every fetch below also does), and SHA-256 of cached bytes.
  run ceiling-copy dd if="$serve/nfs/export/image.iso" of="$work/out/dd.iso" bs=4M oflag=direct
  rm -f "$work/out/dd.iso"
  cat "$work/image.iso" >/dev/null
  times[ceiling-sha256]+="$(timed openssl dgst -sha256 "$work/image.iso") "
  if [ -z "$only" ] || [ "$only" = s3 ]; then
    run_reference s3-curl "$work/out/curl.iso" curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
      -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -o "$work/out/curl.iso" "$endpoint/isofleet-bench/image.iso"
    check "$work/out/curl.iso"; rm -f "$work/out/curl.iso"
    run_reference s3-awscli "$work/out/awscli.iso" aws s3 cp s3://isofleet-bench/image.iso "$work/out/awscli.iso"
    check "$work/out/awscli.iso"; rm -f "$work/out/awscli.iso"
    run s3-isofleet fetch s3://isofleet-bench/image.iso "$work/out/isofleet.iso"
    check "$work/out/isofleet.iso"; rm -f "$work/out/isofleet.iso"
  fi
  if [ -z "$only" ] || [ "$only" = smb ]; then
    run_reference smb-smbclient "$work/out/smbclient.iso" smbclient "//127.0.0.1/share" -p "$smb_port" -U "tester%benchpass" -m SMB3 \
      -c "get image.iso $work/out/smbclient.iso"
    check "$work/out/smbclient.iso"; rm -f "$work/out/smbclient.iso"
    run smb-isofleet fetch "smb://127.0.0.1:$smb_port/share/image.iso" "$work/out/isofleet.iso"
    check "$work/out/isofleet.iso"; rm -f "$work/out/isofleet.iso"
  fi
  if [ -z "$only" ] || [ "$only" = nfs ]; then
    run_reference nfs-nfscp "$work/out/nfscp.iso" nfs-cp "$nfs_url" "$work/out/nfscp.iso"
    check "$work/out/nfscp.iso"; rm -f "$work/out/nfscp.iso"
    run nfs-isofleet fetch "$nfs_url" "$work/out/isofleet.iso"
    check "$work/out/isofleet.iso"; rm -f "$work/out/isofleet.iso"
  fi
  if [ -z "$only" ] || [ "$only" = upload ]; then
    aws s3 mb "s3://up-awscli-$round" >/dev/null
    run up-awscli aws s3 cp "$work/image.iso" "s3://up-awscli-$round/image.iso"
    aws s3 rb --force "s3://up-awscli-$round" >/dev/null
    aws s3 mb "s3://up-isofleet-$round" >/dev/null
    run up-isofleet "$isofleet" upload "$work/image.iso" "s3://up-isofleet-$round/image.iso" --sha256 "$sha" "${node_options[@]}"
    aws s3 rb --force "s3://up-isofleet-$round" >/dev/null
  fi
done

# ---------------------------------------------------------------------------------------------------
seconds_of() { # NAME : the median time of one row
  # shellcheck disable=SC2086
  median ${times[$1]}
}
row() { # LABEL NAME : prints the median time and rate of one row
  local seconds
  seconds=$(seconds_of "$2")
  printf '  %-44s %7.2f s %s MB/s\n' "$1" "$seconds" "$(rate "$bytes" "$seconds")"
}
versus() { # LABEL ISOFLEET REFERENCE TARGET : the reference's time over isofleet's (a rate ratio)
  printf '  %-44s %5s   (target ≥ %s)\n' "$1" "$(ratio "$(seconds_of "$2")" "$(seconds_of "$3")")" "$4"
}
echo
echo "remote storage, ${size_mib} MiB, median of $rounds rounds (page cache dropped before each run)${RATE_MBIT:+, servers shaped to $RATE_MBIT Mbit/s}${SERVER_DIR:+, server files in $SERVER_DIR}"
echo "  (a reference's \"+ fsync\" row adds \`sync FILE\`: its bytes on disk, as isofleet's are when it exits)"
row "ceiling: disk copy, dd oflag=direct" ceiling-copy; row "ceiling: openssl dgst -sha256 (cached)" ceiling-sha256
if [ -z "$only" ] || [ "$only" = s3 ]; then
  row "S3 curl --aws-sigv4 -o" s3-curl; row "S3 curl --aws-sigv4 -o + fsync" s3-curl-durable
  row "S3 aws s3 cp (download)" s3-awscli; row "S3 aws s3 cp (download) + fsync" s3-awscli-durable
  row "S3 isofleet fetch (sha256 + fsync)" s3-isofleet
  versus "ratio isofleet / curl" s3-isofleet s3-curl 0.9
  versus "ratio isofleet / curl + fsync" s3-isofleet s3-curl-durable 0.9
  versus "ratio isofleet / aws s3 cp" s3-isofleet s3-awscli 1.0
fi
if [ -z "$only" ] || [ "$only" = smb ]; then
  row "SMB3 smbclient get" smb-smbclient; row "SMB3 smbclient get + fsync" smb-smbclient-durable
  row "SMB3 isofleet fetch (sha256 + fsync)" smb-isofleet
  versus "ratio isofleet / smbclient" smb-isofleet smb-smbclient 0.9
  versus "ratio isofleet / smbclient + fsync" smb-isofleet smb-smbclient-durable 0.9
fi
if [ -z "$only" ] || [ "$only" = nfs ]; then
  row "NFSv3 nfs-cp" nfs-nfscp; row "NFSv3 nfs-cp + fsync" nfs-nfscp-durable
  row "NFSv3 isofleet fetch (sha256 + fsync)" nfs-isofleet
  versus "ratio isofleet / nfs-cp" nfs-isofleet nfs-nfscp 0.9
  versus "ratio isofleet / nfs-cp + fsync" nfs-isofleet nfs-nfscp-durable 0.9
fi
if [ -z "$only" ] || [ "$only" = upload ]; then
  row "S3 upload: aws s3 cp" up-awscli; row "S3 upload: isofleet upload" up-isofleet
  versus "ratio isofleet / aws s3 cp (upload)" up-isofleet up-awscli 0.9
fi
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
