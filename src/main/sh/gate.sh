#!/usr/bin/env bash
# The CI gate behind `./run-bench.sh --ci --base REF` (run-bench.sh has built this checkout, made the
# dataset and the results directory). Builds REF's benchmarks in a scratch git worktree, then runs
# REF and this checkout on this machine in rounds: in each, one JMH fork of each per benchmark, both
# started at once and taking turns operation by operation (dev.mallard.bench.lockstep; which side
# goes first alternates by round), so an operation of one runs within a second of the same operation
# of the other and a drift in the machine's speed falls on both (results/gate-noise).
# `mallard gate --pairs operations` decides on the per-operation ratios (results/gate-proof-lockstep).
# The scratch worktree and both runs go however the run ends.
#
#   src/main/sh/gate.sh --base REF --rounds N [--warmups 2] [--iterations 12] [--set PARAM=VALUES ...]
#                       [--only get,transfer,exchange,put,flightsql] --threshold T --rows N --fingerprint F --out DIR [-- JMH ARGS]
#
# Both sides run one configuration: batch 122,880, unsafe, direct TRANSFER, my_streaming_exchanger,
# 1 partition; --set replaces one of those (e.g. --set batchSize=1048576 --set partitions=1,2), and
# --only picks what runs: GET, TRANSFER and EXCHANGE by default, or some of them, or PUT and Flight SQL
# (put, flightsql: the other operations issue 16 compares with 6e314ea), e.g. GET alone at 24M rows. A side
# whose benchmarks lack a parameter (a base from before partitions) runs without it, and its one
# result is paired with each of the current side's values. The base commit may predate the lockstep:
# this checkout's copy of its package goes first on the base's classpath.
#
# GATE_BASE_JMH and GATE_CURRENT_JMH, when set, are the commands that run each side's JMH (default:
# JMH's main from its benchmarks.jar; with GATE_BASE_JMH set, REF is not built, and the command's
# classpath must hold dev.mallard.bench.lockstep), and GATE_MALLARD the mallard CLI: the tests run
# the gate from their classpath, before any jar exists.
#
# Writes DIR/rounds/round-NN-{base,current}.json, DIR/jmh-{base,current}.log, DIR/gate.md (also
# appended to $GITHUB_STEP_SUMMARY when set) and DIR/gate.tsv. Exit codes: 0 no regression,
# 1 regression, 2 usage or input error.
set -euo pipefail
cd "$(dirname "$0")/../../.."

declare -A pinned=([batchSize]=122880 [allocator]=unsafe [mode]=direct
  [exchanger]=my_streaming_exchanger [partitions]=1)
base="" rounds="" warmups=2 iterations=12 threshold="" rows="" fingerprint="" out="" only=get,transfer,exchange
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmups) warmups=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --set) [[ "$2" == *=?* && -n "${pinned[${2%%=*}]+x}" ]] \
             || { echo "gate.sh: --set takes one of ${!pinned[*]} as NAME=VALUES, got '$2'" >&2; exit 2; }
           pinned[${2%%=*}]=${2#*=}; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --threshold) threshold=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --fingerprint) fingerprint=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "gate.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n "$base" && -n "$rounds" && -n "$threshold" && -n "$rows" && -n "$out" ]] \
  || { echo "gate.sh: needs --base, --rounds, --threshold, --rows and --out" >&2; exit 2; }
declare -A operation_benchmark=([get]='GetBenchmark\.get$' [transfer]='TransferBenchmark\.transfer$'
  [exchange]='ExchangeBenchmark\.exchange$' [put]='PutBenchmark\.put$' [flightsql]='FlightSqlBenchmark\.query$')
benchmarks=()
IFS=, read -ra operations <<<"$only"
for operation in "${operations[@]}"; do
  [[ -n "$operation" && -n "${operation_benchmark[$operation]+x}" ]] \
    || { echo "gate.sh: --only takes get, transfer, exchange, put and flightsql, comma-separated, got '$only'" >&2; exit 2; }
  benchmarks+=("${operation_benchmark[$operation]}")
done
[[ ${#benchmarks[@]} -gt 0 ]] || { echo "gate.sh: --only names no operation" >&2; exit 2; }

base_sha=$(git rev-parse --verify --quiet "$base^{commit}") \
  || { echo "gate.sh: '$base' is not a commit here (CI: check out with fetch-depth: 0)" >&2; exit 2; }
current_label="$(git rev-parse --short HEAD)$([[ -z "$(git status --porcelain --untracked-files=no)" ]] || echo ' + local changes')"

source src/main/sh/scratch-worktree.sh
scratch_dir mallard-gate
# the two sides run in the background: stop them (JMH's forks included) however this script ends
kill_tree() {
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
sides=()
trap 'for pid in ${sides[@]+"${sides[@]}"}; do kill_tree "$pid"; done; scratch_cleanup' EXIT

if [[ -z "${GATE_BASE_JMH:-}" ]]; then
  echo ">> gate: building $base ($base_sha) in $scratch/base" >&2
  git worktree add --quiet --detach "$scratch/base" "$base_sha"
  (cd "$scratch/base" && mvn -B -q -DskipTests package >&2) \
    || { echo "gate.sh: the base commit $base does not build" >&2; exit 2; }
  mkdir "$scratch/lockstep"
  (cd "$scratch/lockstep" && jar xf "$OLDPWD/target/benchmarks.jar" dev/mallard/bench/lockstep/)
fi

# Both sides measure exactly this, whatever their annotations say: one operation per sample.
measure=(-f 1 -wi "$warmups" -i "$iterations" -bm ss -tu ms -wbs 1 -bs 1 -p rows="$rows"
  -jvmArgsPrepend "-Dmallard.fingerprint=$fingerprint")
declare -A jmh=(
  [base]=${GATE_BASE_JMH:-"java --add-opens=java.base/java.nio=ALL-UNNAMED -cp $scratch/lockstep:$scratch/base/target/benchmarks.jar org.openjdk.jmh.Main"}
  [current]=${GATE_CURRENT_JMH:-"java -jar target/benchmarks.jar"})
read -ra mallard <<<"${GATE_MALLARD:-java -jar target/mallard.jar}"

# the pinned parameters each side's benchmarks have (-lp prints `param "partitions" = {1, 2}`; read
# whole, so no SIGPIPE trips pipefail)
declare -A pinned_args
for side in base current; do
  read -ra run <<<"${jmh[$side]}"
  listed=$("${run[@]}" -lp 2>/dev/null) || { echo "gate.sh: the $side benchmarks do not start: ${jmh[$side]} -lp" >&2; exit 2; }
  pinned_args[$side]=""
  for name in "${!pinned[@]}"; do
    if [[ $listed == *"param \"$name\""* ]]; then pinned_args[$side]+=" -p $name=${pinned[$name]}"; fi
  done
done

# One side's JMH run of one round, taking turns through the directory TURNS; when it ends, however it
# ends, it tells the other side to go on alone. Both jars run from this checkout, so both read the
# same datasets/ file. Only current's output goes to the console (with JMH's ETA line).
run_side() {  # SIDE ROUND TURNS FIRST [JMH ARGS]
  local side=$1 round=$2 turns=$3 first=$4 status=0 run params
  shift 4
  read -ra run <<<"${jmh[$side]}"
  read -ra params <<<"${pinned_args[$side]}"
  local args=("${measure[@]}" ${params[@]+"${params[@]}"} "$@"
    -prof "dev.mallard.bench.lockstep.LockstepProfiler:dir=$turns;side=$side;first=$first"
    -rf json -rff "$out/rounds/$(printf 'round-%02d-%s.json' "$round" "$side")" "${benchmarks[@]}")
  # JMH's lock keeps a second JMH run off the machine; here the lockstep keeps them apart
  export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+$JAVA_TOOL_OPTIONS }-Djmh.ignoreLock=true"
  if [[ $side == current ]]; then
    "${run[@]}" "${args[@]}" | tee -a "$out/jmh-$side.log" || status=$?
  else
    "${run[@]}" "${args[@]}" >> "$out/jmh-$side.log" 2>&1 || status=$?
  fi
  echo finished > "$turns/$side.next" && mv -f "$turns/$side.next" "$turns/$side"
  return "$status"
}

mkdir -p "$out/rounds"
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then first=base; else first=current; fi
  echo ">> gate: round $round of $rounds, base and current taking turns, $first first" >&2
  turns="$scratch/turns-$round"
  mkdir "$turns"
  sides=()
  for side in base current; do
    run_side "$side" "$round" "$turns" "$first" "$@" &
    sides+=($!)
  done
  failed=()
  wait "${sides[0]}" || failed+=(base)
  wait "${sides[1]}" || failed+=(current)
  sides=()
  if [[ ${#failed[@]} -gt 0 ]]; then
    echo "gate.sh: the ${failed[*]} benchmarks failed in round $round (see $out/jmh-${failed[0]}.log)" >&2
    exit 2
  fi
done

status=0
"${mallard[@]}" gate "$out/rounds" --pairs operations --threshold "$threshold" \
  --base-label "\`$base\` ($(git rev-parse --short "$base_sha"))" --current-label "\`$current_label\`" \
  --out "$out/gate.md" --tsv "$out/gate.tsv" || status=$?
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$out/gate.md" >> "$GITHUB_STEP_SUMMARY"; fi
echo ">> gate: $(case $status in 0) echo 'no regression';; 1) echo 'REGRESSION';; *) echo 'not decided (input error)';; esac); summary in $out/gate.md" >&2
exit "$status"
