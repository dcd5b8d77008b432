#!/usr/bin/env bash
# Shaped network links for benchmarks: server 1, server 2 and the client each in a network namespace
# of its own, joined by a triangle of veth links, each shaped by tbf in both directions.
#
#   links.sh run SPEC [--single] [--log-dir DIR] -- COMMAND...
#       makes the namespaces, starts `mallard serve --single` in each server namespace, runs COMMAND
#       in the client namespace (MLK_ID, MLK_SERVER1, MLK_SERVER2 in its environment), and removes
#       every namespace, link and process it made however it ends. Exit status: COMMAND's.
#       --single: server 1 and the client only, one link (the quick check in the tests).
#   links.sh jmh-args        the JMH -p arguments that point the suite at those servers
#   links.sh counters [ID]   bytes each link carried so far, per direction (run it while `run` is up)
#   links.sh sweep           removes what a killed run left behind (namespaces whose owner is gone)
#
# SPEC: servers=RATE,client=RATE (server 1 <-> server 2, and the client <-> each server), or one RATE
# for every link; RATE is a tc rate (10gbit, 1gbit, 500mbit) or `none` for an unshaped veth.
# Namespaces are mlk<pid>-s1, -s2, -c (pid: this script's); every address lives inside them:
# server 1 is 10.77.0.1, server 2 10.77.0.2, the client 10.77.0.3, each on its namespace's lo,
# routed over the veth that joins the two (so a direct TRANSFER takes the server link).
# Needs root (ip netns, tc). Without it: one line and exit 2. netem is not used (no added delay).
# MALLARD_SERVE overrides how a server starts (default: java -jar target/mallard.jar serve).
set -euo pipefail

PREFIX=mlk
PORT1=8815
PORT2=8816
ADDR_S1=10.77.0.1
ADDR_S2=10.77.0.2
ADDR_C=10.77.0.3

die() { echo "links.sh: $*" >&2; exit 2; }

need_root() {
  if [[ $(id -u) -ne 0 ]] || ! command -v ip >/dev/null || ! command -v tc >/dev/null; then
    echo "links.sh: shaped links need root with ip and tc (network namespaces, veth, tbf); not available here" >&2
    exit 2
  fi
}

ns() { echo "$PREFIX$1-$2"; }   # ns ID ROLE

# Rate in bits/s for the record: 10gbit -> 10000000000; none -> 0.
rate_bits() {
  local r=${1,,}
  case "$r" in
    none) echo 0 ;;
    *gbit) echo $(( ${r%gbit} * 1000000000 )) ;;
    *mbit) echo $(( ${r%mbit} * 1000000 )) ;;
    *kbit) echo $(( ${r%kbit} * 1000 )) ;;
    *bit)  echo $(( ${r%bit} )) ;;
    *) die "rate '$1' is not NUMBER{gbit,mbit,kbit,bit} or none" ;;
  esac
}

# Sets SERVERS_RATE and CLIENT_RATE from SPEC.
parse_spec() {
  local spec=$1 part
  SERVERS_RATE=""; CLIENT_RATE=""
  if [[ "$spec" != *=* ]]; then
    SERVERS_RATE=$spec; CLIENT_RATE=$spec
  else
    IFS=, read -ra parts <<<"$spec"
    for part in "${parts[@]}"; do
      case "$part" in
        servers=*) SERVERS_RATE=${part#servers=} ;;
        client=*) CLIENT_RATE=${part#client=} ;;
        *) die "'$part' in '$spec': use servers=RATE,client=RATE" ;;
      esac
    done
  fi
  [[ -n "$SERVERS_RATE" && -n "$CLIENT_RATE" ]] || die "'$spec' needs both servers=RATE and client=RATE"
  rate_bits "$SERVERS_RATE" >/dev/null; rate_bits "$CLIENT_RATE" >/dev/null
}

# Egress shaping on one veth end; both ends get it, so both directions are shaped.
shape() {   # shape NS DEV RATE
  local bits burst
  bits=$(rate_bits "$3")
  [[ $bits -eq 0 ]] && return 0
  # a token bucket of 2 ms at the rate (at least 256 KB: veth hands tbf 64 KB GSO packets)
  burst=$(( bits / 8 / 500 )); (( burst < 262144 )) && burst=262144
  ip -n "$1" link set "$2" gso_max_size 65536 2>/dev/null || true
  tc -n "$1" qdisc add dev "$2" root tbf rate "$3" burst "$burst" latency 20ms
}

# link ID ROLE_A ADDR_A ROLE_B ADDR_B RATE: a veth between two namespaces and /32 routes across it.
link() {
  local id=$1 a=$2 addr_a=$3 b=$4 addr_b=$5 rate=$6
  ip -n "$(ns "$id" "$a")" link add "to-$b" type veth peer name "to-$a" netns "$(ns "$id" "$b")"
  ip -n "$(ns "$id" "$a")" link set "to-$b" up
  ip -n "$(ns "$id" "$b")" link set "to-$a" up
  ip -n "$(ns "$id" "$a")" route add "$addr_b/32" dev "to-$b" src "$addr_a"
  ip -n "$(ns "$id" "$b")" route add "$addr_a/32" dev "to-$a" src "$addr_b"
  shape "$(ns "$id" "$a")" "to-$b" "$rate"
  shape "$(ns "$id" "$b")" "to-$a" "$rate"
}

up() {   # up ID SINGLE
  local id=$1 single=$2 role addr
  local roles=(s1 c) ; [[ $single == yes ]] || roles=(s1 s2 c)
  for role in "${roles[@]}"; do
    case $role in s1) addr=$ADDR_S1 ;; s2) addr=$ADDR_S2 ;; c) addr=$ADDR_C ;; esac
    ip netns add "$(ns "$id" "$role")"
    ip -n "$(ns "$id" "$role")" link set lo up
    ip -n "$(ns "$id" "$role")" addr add "$addr/32" dev lo
  done
  link "$id" s1 $ADDR_S1 c $ADDR_C "$CLIENT_RATE"
  if [[ $single != yes ]]; then
    link "$id" s2 $ADDR_S2 c $ADDR_C "$CLIENT_RATE"
    link "$id" s1 $ADDR_S1 s2 $ADDR_S2 "$SERVERS_RATE"
  fi
}

# Kills every process in run ID's namespaces (all of them started by that run), then removes the
# namespaces; their veths go with them.
down() {
  local id=$1 n pids
  for n in $(ip netns list | awk '{print $1}' | grep -E "^$PREFIX$id-" || true); do
    pids=$(ip netns pids "$n" 2>/dev/null || true)
    if [[ -n "$pids" ]]; then
      kill $pids 2>/dev/null || true
      for _ in $(seq 50); do
        pids=$(ip netns pids "$n" 2>/dev/null || true)
        [[ -z "$pids" ]] && break
        sleep 0.1
      done
      [[ -n "$pids" ]] && kill -9 $pids 2>/dev/null || true
    fi
    ip netns del "$n" 2>/dev/null || true
  done
}

sweep() {
  local n id
  for n in $(ip netns list | awk '{print $1}' | grep -E "^$PREFIX[0-9]+-" || true); do
    id=${n#"$PREFIX"}; id=${id%%-*}
    if ! kill -0 "$id" 2>/dev/null; then
      echo "links.sh: removing $n, left by a run that is gone" >&2
      down "$id"
    fi
  done
}

counters() {   # counters ID: "FROM>TO BYTES" per direction, from each sending end's tx_bytes
  local id=$1 n dev from
  for n in $(ip netns list | awk '{print $1}' | grep -E "^$PREFIX$id-" | sort); do
    from=${n##*-}
    for dev in $(ip netns exec "$n" ls /sys/class/net | grep '^to-' || true); do
      echo "$from>${dev#to-} $(ip netns exec "$n" cat "/sys/class/net/$dev/statistics/tx_bytes")"
    done
  done
}

wait_listening() {   # wait_listening ID ADDR PORT PID LOG
  local deadline=$((SECONDS + 120))
  while (( SECONDS < deadline )); do
    kill -0 "$4" 2>/dev/null || { echo "links.sh: server at $2:$3 exited:" >&2; tail -20 "$5" >&2; return 1; }
    if ip netns exec "$(ns "$1" c)" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then
      return 0
    fi
    sleep 0.3
  done
  echo "links.sh: server at $2:$3 did not listen within 120 s" >&2; tail -20 "$5" >&2
  return 1
}

run() {
  local spec=$1; shift
  local single=no log_dir=""
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    case "$1" in
      --single) single=yes; shift ;;
      --log-dir) log_dir=$2; shift 2 ;;
      *) die "unknown option '$1' (run SPEC [--single] [--log-dir DIR] -- COMMAND...)" ;;
    esac
  done
  [[ "${1:-}" == "--" ]] && shift
  [[ $# -gt 0 ]] || die "run needs -- COMMAND..."
  parse_spec "$spec"
  need_root
  local id=$$
  [[ -n "$log_dir" ]] || log_dir=$(mktemp -d)
  mkdir -p "$log_dir"
  sweep
  # Teardown on every way out: the trap for exits and signals, a watchdog for SIGKILL.
  trap 'down '"$id" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  setsid bash -c 'while kill -0 '"$id"' 2>/dev/null; do sleep 1; done; exec "$0" down-quiet '"$id" "$0" \
    </dev/null >/dev/null 2>&1 &
  up "$id" "$single"
  read -ra serve <<<"${MALLARD_SERVE:-java -jar target/mallard.jar serve}"
  ip netns exec "$(ns "$id" s1)" "${serve[@]}" --single --server1-location "grpc://$ADDR_S1:$PORT1" \
    >"$log_dir/server1.log" 2>&1 &
  local pid1=$!
  wait_listening "$id" $ADDR_S1 $PORT1 $pid1 "$log_dir/server1.log"
  if [[ $single != yes ]]; then
    ip netns exec "$(ns "$id" s2)" "${serve[@]}" --single --server1-location "grpc://$ADDR_S2:$PORT2" \
      >"$log_dir/server2.log" 2>&1 &
    local pid2=$!
    wait_listening "$id" $ADDR_S2 $PORT2 $pid2 "$log_dir/server2.log"
  fi
  echo ">> links: servers=$SERVERS_RATE client=$CLIENT_RATE, namespaces $PREFIX$id-*, server logs in $log_dir" >&2
  local status=0
  MLK_ID=$id MLK_SERVER1="grpc://$ADDR_S1:$PORT1" MLK_SERVER2="grpc://$ADDR_S2:$PORT2" \
    ip netns exec "$(ns "$id" c)" "$@" || status=$?
  exit $status
}

case "${1:-}" in
  run) shift; [[ $# -gt 0 ]] || die "run needs SPEC"; run "$@" ;;
  jmh-args) echo "-p server1=grpc://$ADDR_S1:$PORT1 -p server2=grpc://$ADDR_S2:$PORT2" ;;
  counters) need_root; counters "${2:-${MLK_ID:?counters needs an ID outside a run}}" ;;
  sweep) need_root; sweep ;;
  rate-bits) rate_bits "$2" ;;
  down-quiet) down "$2" ;;
  -h|--help|"") sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (run, jmh-args, counters, sweep)" ;;
esac
