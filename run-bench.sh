#!/usr/bin/env bash
# Mallard's main entry point: builds what is missing, makes the dataset, runs the JMH suite,
# and writes results/<timestamp>-<profile>/ with the JMH JSON, the markdown report and machine facts.
# Every operation is one JMH single-shot sample; reports give medians with 95% intervals.
# Durations are for a shared 2-core VM, dataset already generated (first 24M generation: +2-4 min).
#
#   ./run-bench.sh             default: 24M rows, batch 122,880, unsafe, in two JMH runs: GET and TRANSFER direct at
#                              1 partition and EXCHANGE my_streaming_exchanger, 4 forks x (2 warm-up + 12) ops; then the
#                              in-process export (1 stream and 2 partitions) and copy and the Flight transport, 2 forks x
#                              (2 + 16): 17 min (measured, results/default-5bce500/)
#   ./run-bench.sh --quick     the same benchmarks (GET and TRANSFER also at 2 partitions) at 2.4M rows, one JMH run
#                              of 1 fork x (2 + 8) each: ~2 min
#   ./run-bench.sh --matrix    24M rows, every benchmark at batch sizes 8,192-1,048,576 x netty/unsafe, relay and
#                              direct, echo and my_streaming_exchanger, 1 partition (98 forks x (1 + 6) ops): 58 min (measured,
#                              results/matrix-8aa3380/)
#   ./run-bench.sh --full      every benchmark at the default params, 3 forks (= java -jar target/benchmarks.jar -f 3):
#                              48 forks x (2 + 8) ops: 33 min (measured, results/full-f3/)
#   ./run-bench.sh --smoke     one tiny operation of every benchmark (CI: proves the harness works): ~2 min
#   ./run-bench.sh --ci --base REF [--rounds 6] [--warmups 2] [--iterations 12] [--threshold 10%] [--set P=V]
#                  [--only get,transfer,exchange,put,flightsql]
#                              the CI gate: builds REF in a scratch worktree, runs REF and this checkout at once,
#                              taking turns operation by operation (6 rounds x 1 fork each of GET, TRANSFER, EXCHANGE
#                              at 2.4M rows, 2 + 12 ops, 1 partition),
#                              --set batchSize=1048576 (or allocator, mode, exchanger, partitions) changes what both run,
#                              --only get runs GET alone (e.g. with --rows 24000000), --only put,flightsql PUT and
#                              Flight SQL;
#                              and exits 1 only when a benchmark's whole 95% interval of slowdown is beyond the threshold:
#                              7-10 min measured (results/gate-proof-lockstep/)
#   ./run-bench.sh --update-baseline   quick profile, then make it results/baseline/ (history: mallard compare)
#   --rows N, --out DIR        override the profile's dataset size / the results directory
#   ./run-bench.sh [profile] -- JMH ARGS   extra arguments go to JMH, e.g. --quick -- -p batchSize=65536; with them
#                              the default profile is one JMH run of BenchmarkDefaults' 2 forks x (2 + 8)
#   ./run-bench.sh --link servers=10gbit,client=1gbit [profile]   servers and client in network namespaces
#                  joined by tbf-shaped links (root only; `none`: loopback); see src/main/sh/links.sh
#   ./run-bench.sh serve|demo|transfer|dataset|report|compare|gate|users ...   runs that mallard command
#   Exit codes: 0 done (no regression), 1 regression (--ci), 2 usage or input error.
set -euo pipefail
cd "$(dirname "$0")"

build_if_needed() {
  if [[ ! -f target/benchmarks.jar || ! -f target/mallard.jar ]] \
      || [[ -n "$(find src pom.xml -newer target/benchmarks.jar -print -quit)" ]]; then
    echo ">> building (mvn -B -DskipTests package)" >&2
    mvn -B -q -DskipTests package >&2
  fi
}

mallard() { java -jar target/mallard.jar "$@"; }

case "${1:-}" in
  serve|demo|transfer|dataset|report|compare|gate|users|machine-info|help)
    build_if_needed
    exec java -jar target/mallard.jar "$@"
    ;;
esac

usage() { echo "run-bench.sh: $1 (see ./run-bench.sh --help)" >&2; exit 2; }

profile=default
compare=no
link=none
base=""
rounds=6
warmups=2
iterations=12
threshold=10%
gate_args=()
rows_override=""
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick|--full|--smoke|--default|--matrix) profile="${1#--}"; shift ;;
    --ci) profile=gate; shift ;;
    --base) base=${2:?--base needs a commit, e.g. origin/main}; shift 2 ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --warmups) warmups=${2:?--warmups needs a number}; shift 2 ;;
    --iterations) iterations=${2:?--iterations needs a number}; shift 2 ;;
    --set) gate_args+=(--set "${2:?--set needs PARAM=VALUES}"); shift 2 ;;
    --only) gate_args+=(--only "${2:?--only needs some of get, transfer, exchange, put, flightsql, comma-separated}"); shift 2 ;;
    --threshold) threshold=${2:?--threshold needs a value, e.g. 10%}; shift 2 ;;
    --rows) rows_override=${2:?--rows needs a number}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --update-baseline) profile=quick; compare=update; shift ;;
    --link) link=${2:?--link needs a SPEC, e.g. servers=10gbit,client=1gbit}; shift 2 ;;
    --link=*) link=${1#--link=}; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage "unknown option $1" ;;
    *) break ;;
  esac
done

# the headline configurations and the ceilings their ratios need; the matrix adds the rest by -p lists
headline=('GetBenchmark\.get$' 'TransferBenchmark\.transfer$' 'ExchangeBenchmark\.exchange$')
ceilings=('BaselineBenchmark\.inProcess(Export|Copy|ExportPartitioned)$' 'BaselineBenchmark\.flightTransport$')
benchmarks=()
case "$profile" in
  smoke)   rows=100000;   jmh=(-f 1 -wi 0 -i 1 -p batchSize=65536 -p allocator=netty -p jdbcRows=10000) ;;
  # quick takes warm-ups and measured operations from BenchmarkDefaults (2 + 8); default sets its own below
  quick)   rows=2400000;  jmh=(-f 1); benchmarks=("${headline[@]}" "${ceilings[@]}") ;;
  default) rows=24000000; jmh=(); benchmarks=("${headline[@]}" "${ceilings[@]}") ;;
  matrix)  rows=24000000; jmh=(-f 1 -wi 1 -i 6 -p batchSize=8192,65536,122880,1048576 -p allocator=netty,unsafe
                               -p mode=relay,direct -p exchanger=echo,my_streaming_exchanger -p partitions=1) ;;
  full)    rows=24000000; jmh=(-f 3) ;;
  gate)    rows=2400000;  [[ -n "$base" ]] || usage "--ci needs --base REF (the commit to compare with, e.g. origin/main)"
           [[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 3 ]] || usage "--rounds must be a number of at least 3"
           [[ "$link" == none ]] || usage "--ci runs on loopback only" ;;
esac
[[ -z "$base" || "$profile" == gate ]] || usage "--base only goes with --ci"
[[ ${#gate_args[@]} -eq 0 || "$profile" == gate ]] || usage "--set and --only go with --ci"
[[ -z "$rows_override" ]] || rows=$rows_override

# the JMH suite in the client's namespace, against `mallard serve` in each server's (links.sh)
runner=(); link_args=()
if [[ "$link" != none ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "run-bench.sh: --link needs root (network namespaces and tc)" >&2; exit 2; }
  read -ra link_args <<<"$(src/main/sh/links.sh jmh-args)"
fi

build_if_needed
if [[ "$rows" == 24000000 ]]; then dataset=datasets/flights.parquet; else dataset="datasets/flights-$rows.parquet"; fi
mallard dataset generate --rows "$rows" --out "$dataset" >&2
fingerprint=$(mallard dataset check "$dataset" --fingerprint)

out=${out:-"results/$(date -u +%Y%m%d-%H%M%S)-$profile"}
mkdir -p "$out"
mallard machine-info --link "$link" --out "$out/machine.json"

if [[ "$profile" == gate ]]; then
  exec src/main/sh/gate.sh --base "$base" --rounds "$rounds" --warmups "$warmups" --iterations "$iterations" --threshold "$threshold" --rows "$rows" \
    ${gate_args[@]+"${gate_args[@]}"} --fingerprint "$fingerprint" --out "$out" -- "$@"
fi

# run_jmh FILE ARGS...: one JMH run into $out/FILE, its output added to jmh.log (over links, the servers'
# logs of a second run go to a directory of its own); -jvmArgsPrepend leaves the benchmarks' own
# --add-opens (in @Fork) in place
run_jmh() {
  local file=$1; shift
  local logs=$out
  [[ "$file" == jmh.json ]] || logs="$out/${file%.json}"
  [[ "$link" == none ]] || runner=(src/main/sh/links.sh run "$link" --log-dir "$logs" --)
  ${runner[@]+"${runner[@]}"} java -jar target/benchmarks.jar "$@" ${link_args[@]+"${link_args[@]}"} -p rows="$rows" \
    -jvmArgsPrepend "-Dmallard.fingerprint=$fingerprint" -rf json -rff "$out/$file" | tee -a "$out/jmh.log"
  results+=("$out/$file")
}

echo ">> JMH, profile $profile, $rows rows, results in $out" >&2
results=()
: > "$out/jmh.log"
if [[ "$profile" == default && $# -eq 0 ]]; then
  # the headline's operations spread by about 12% one from the next on 2 cores, so its medians need some
  # 48 operations each for an interval within 5%; the ceilings get 32, since GET's bound takes the
  # intervals of two of them. The in-process export is split in two only, the cores here (its single
  # stream is inProcessExport). Arguments for JMH make it one run of the shared settings
  # (BenchmarkDefaults), theirs on top.
  run_jmh jmh.json -f 4 -i 12 -p partitions=1 "${headline[@]}"
  run_jmh jmh-ceilings.json -f 2 -i 16 -p partitions=2 "${ceilings[@]}"
else
  run_jmh jmh.json ${jmh[@]+"${jmh[@]}"} "$@" ${benchmarks[@]+"${benchmarks[@]}"}
fi

mallard report "${results[@]}" --out "$out/report.md"

if [[ "$compare" == update ]]; then
  mkdir -p results/baseline
  cp "$out/jmh.json" "$out/machine.json" results/baseline/
  echo ">> results/baseline/ now holds this run" >&2
fi
