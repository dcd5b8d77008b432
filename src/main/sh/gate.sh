#!/usr/bin/env bash
# The CI gate behind `./run-bench.sh --ci --base REF` (run-bench.sh has built this checkout, made the
# dataset and the results directory). Builds REF's benchmarks in a scratch git worktree, then runs
# REF and this checkout alternately on this machine, one JMH fork of each per round (which side goes
# first alternates, so a drift in the machine's load falls on both equally), and lets `mallard gate`
# decide on the paired per-round ratios. The scratch worktree is removed however the run ends.
#
#   src/main/sh/gate.sh --base REF --rounds N [--warmups 2] [--iterations 10] [--set PARAM=VALUES ...]
#                       --threshold T --rows N --fingerprint F --out DIR [-- JMH ARGS]
#
# Both sides run one configuration: batch 122,880, unsafe, direct TRANSFER, my_streaming_exchanger,
# 1 partition; --set replaces one of those (e.g. --set batchSize=1048576 --set partitions=1,2). A side
# whose benchmarks lack a parameter (a base from before partitions) runs without it, and its one
# result is paired with each of the current side's values.
#
# GATE_BASE_JMH and GATE_CURRENT_JMH, when set, are the commands that run each side's JMH (default:
# `java -jar` of its benchmarks.jar; with GATE_BASE_JMH set, REF is not built), and GATE_MALLARD the
# mallard CLI: the tests run the gate from their classpath, before any jar exists.
#
# Writes DIR/rounds/round-NN-{base,current}.json, DIR/gate.md (also appended to $GITHUB_STEP_SUMMARY
# when set) and DIR/gate.tsv. Exit codes: 0 no regression, 1 regression, 2 usage or input error.
set -euo pipefail
cd "$(dirname "$0")/../../.."

declare -A pinned=([batchSize]=122880 [allocator]=unsafe [mode]=direct
  [exchanger]=my_streaming_exchanger [partitions]=1)
base="" rounds="" warmups=2 iterations=10 threshold="" rows="" fingerprint="" out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmups) warmups=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --set) [[ "$2" == *=?* && -n "${pinned[${2%%=*}]+x}" ]] \
             || { echo "gate.sh: --set takes one of ${!pinned[*]} as NAME=VALUES, got '$2'" >&2; exit 2; }
           pinned[${2%%=*}]=${2#*=}; shift 2 ;;
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

base_sha=$(git rev-parse --verify --quiet "$base^{commit}") \
  || { echo "gate.sh: '$base' is not a commit here (CI: check out with fetch-depth: 0)" >&2; exit 2; }
current_label="$(git rev-parse --short HEAD)$([[ -z "$(git status --porcelain --untracked-files=no)" ]] || echo ' + local changes')"

source src/main/sh/scratch-worktree.sh
scratch_dir mallard-gate

if [[ -z "${GATE_BASE_JMH:-}" ]]; then
  echo ">> gate: building $base ($base_sha) in $scratch/base" >&2
  git worktree add --quiet --detach "$scratch/base" "$base_sha"
  (cd "$scratch/base" && mvn -B -q -DskipTests package >&2) \
    || { echo "gate.sh: the base commit $base does not build" >&2; exit 2; }
fi

# Both sides measure exactly this, whatever their annotations say: one operation per sample.
measure=(-f 1 -wi "$warmups" -i "$iterations" -bm ss -tu ms -wbs 1 -bs 1 -p rows="$rows"
  -jvmArgsPrepend "-Dmallard.fingerprint=$fingerprint")
benchmarks=('GetBenchmark\.get$' 'TransferBenchmark\.transfer$' 'ExchangeBenchmark\.exchange$')
declare -A jmh=([base]=${GATE_BASE_JMH:-"java -jar $scratch/base/target/benchmarks.jar"}
  [current]=${GATE_CURRENT_JMH:-"java -jar target/benchmarks.jar"})
read -ra mallard <<<"${GATE_MALLARD:-java -jar target/mallard.jar}"

mkdir -p "$out/rounds"
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then order=(base current); else order=(current base); fi
  for side in "${order[@]}"; do
    echo ">> gate: round $round of $rounds, $side" >&2
    # both jars run from this checkout, so both read the same datasets/ file
    # the pinned parameters this side's benchmarks have (-lp prints `param "partitions" = {1, 2}`;
    # read whole, so no SIGPIPE trips pipefail)
    read -ra run <<<"${jmh[$side]}"
    listed=$("${run[@]}" -lp 2>/dev/null); params=()
    for name in "${!pinned[@]}"; do
      if [[ $listed == *"param \"$name\""* ]]; then params+=(-p "$name=${pinned[$name]}"); fi
    done
    "${run[@]}" "${measure[@]}" "${params[@]}" "$@" \
      -rf json -rff "$out/rounds/$(printf 'round-%02d-%s.json' "$round" "$side")" "${benchmarks[@]}" \
      | tee -a "$out/jmh-$side.log" \
      || { echo "gate.sh: the $side benchmarks failed in round $round (see $out/jmh-$side.log)" >&2; exit 2; }
  done
done

status=0
"${mallard[@]}" gate "$out/rounds" --threshold "$threshold" \
  --base-label "\`$base\` ($(git rev-parse --short "$base_sha"))" --current-label "\`$current_label\`" \
  --out "$out/gate.md" --tsv "$out/gate.tsv" || status=$?
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$out/gate.md" >> "$GITHUB_STEP_SUMMARY"; fi
echo ">> gate: $(case $status in 0) echo 'no regression';; 1) echo 'REGRESSION';; *) echo 'not decided (input error)';; esac); summary in $out/gate.md" >&2
exit "$status"
