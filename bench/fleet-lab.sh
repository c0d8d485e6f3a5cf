# Network namespaces for bench/fleet.sh (sourced, not run): a bridge in the root namespace and
# hosts (namespaces) joined to it by veth pairs, each with 10.67.0.N/24 on eth0. The same naming as
# the tests' Tests/TestSupport/NetworkLab.swift: ifl<pid hex>-<lab>…, so either cleans what a
# crashed run of the other left (names whose process is gone). Needs root and iproute2.

LAB_PREFIX="ifl$(printf '%x' $$)-b"
LAB_BRIDGE="${LAB_PREFIX}b"
LAB_SUBNET=10.67.0
LAB_HOSTS=0

# Removes namespaces and links named ifl<hex pid>-… whose process no longer exists.
lab_remove_stale() {
  local name pid
  for name in $(ip netns list | awk '{print $1}') $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
    [[ $name =~ ^ifl([0-9a-f]+)- ]] || continue
    pid=$((16#${BASH_REMATCH[1]}))
    kill -0 "$pid" 2>/dev/null && continue
    if ip netns list | awk '{print $1}' | grep -qx "$name"; then lab_remove_namespace "$name"; else ip link del "$name" 2>/dev/null || true; fi
  done
}

# Kills every process in namespace $1, then deletes it.
lab_remove_namespace() {
  local pids
  for _ in $(seq 1 50); do
    pids=$(ip netns pids "$1" 2>/dev/null || true)
    [ -z "$pids" ] && break
    kill -9 $pids 2>/dev/null || true
    sleep 0.1
  done
  ip netns del "$1" 2>/dev/null || true
}

# Creates the bridge (after removing stale leftovers).
lab_create() {
  [ "$(id -u)" = 0 ] || { echo "bench: network namespaces need root" >&2; exit 2; }
  lab_remove_stale
  ip link add "$LAB_BRIDGE" type bridge
  ip link set "$LAB_BRIDGE" type bridge forward_delay 0 stp_state 0
  ip link set "$LAB_BRIDGE" up
}

# The namespace of host $1.
lab_ns() { echo "${LAB_PREFIX}n$1"; }
# The address of host $1.
lab_addr() { echo "$LAB_SUBNET.$(($1 + 1))"; }

# Adds the next host: index $LAB_HOSTS before the call (0, 1, …).
lab_add_host() {
  local index=$LAB_HOSTS ns
  ns=$(lab_ns "$index")
  ip netns add "$ns"
  ip link add "${LAB_PREFIX}v$index" type veth peer name "${LAB_PREFIX}p$index"
  ip link set "${LAB_PREFIX}v$index" master "$LAB_BRIDGE" up
  ip link set "${LAB_PREFIX}p$index" netns "$ns"
  ip -n "$ns" link set "${LAB_PREFIX}p$index" name eth0
  ip -n "$ns" addr add "$(lab_addr "$index")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  LAB_HOSTS=$((LAB_HOSTS + 1))
}

# Caps host $1's egress at rate $2 (a tc rate such as 200mbit) with a token bucket.
lab_shape() { ip netns exec "$(lab_ns "$1")" tc qdisc add dev eth0 root tbf rate "$2" burst 64kb latency 50ms; }

# Runs "$@" inside host $1.
lab_exec() { local ns; ns=$(lab_ns "$1"); shift; ip netns exec "$ns" "$@"; }

# Waits up to 20 s until host $1 accepts TCP on port $2 of its address.
lab_wait_listening() {
  for _ in $(seq 1 200); do
    lab_exec "$1" bash -c "exec 3<>/dev/tcp/$(lab_addr "$1")/$2" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: nothing listens on $(lab_addr "$1"):$2" >&2
  return 1
}

# Kills what runs in the hosts and removes the namespaces, veths and the bridge.
lab_teardown() {
  local index
  for index in $(seq 0 $((LAB_HOSTS - 1))); do lab_remove_namespace "$(lab_ns "$index")"; done
  for index in $(seq 0 $((LAB_HOSTS - 1))); do ip link del "${LAB_PREFIX}v$index" 2>/dev/null || true; done
  ip link del "$LAB_BRIDGE" 2>/dev/null || true
}
