#!/usr/bin/env bash
# Mallard's main entry point: builds what is missing, makes the dataset, runs the JMH suite,
# and writes results/<timestamp>/ with the JMH JSON, the markdown report and machine facts.
#
#   ./run-bench.sh                 default profile: 24M rows, every batch size and allocator, 1 fork
#   ./run-bench.sh --quick         2.4M rows, two batch sizes, netty only: a few minutes
#   ./run-bench.sh --full          24M rows, 3 forks (java -jar target/benchmarks.jar -f 3)
#   ./run-bench.sh --smoke         one tiny iteration of every benchmark (CI: proves the harness works)
#   ./run-bench.sh --ci            quick profile, then compare with results/baseline/ (exit 1 on a regression)
#   ./run-bench.sh --update-baseline   quick profile, then make it the new results/baseline/
#   ./run-bench.sh [profile] -- JMH ARGS   extra arguments go to JMH, e.g. -- -p batchSize=65536 GetBenchmark
#   ./run-bench.sh --link servers=10gbit,client=1gbit [profile]   servers and client in network namespaces
#                  joined by tbf-shaped links (root only; `none`: loopback); see src/main/sh/links.sh
#   ./run-bench.sh serve|demo|transfer|dataset|report|compare|users ...   runs that mallard command
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
  serve|demo|transfer|dataset|report|compare|users|machine-info|help)
    build_if_needed
    exec java -jar target/mallard.jar "$@"
    ;;
esac

profile=default
compare=no
link=none
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick|--full|--smoke|--default) profile="${1#--}"; shift ;;
    --ci) profile=quick; compare=check; shift ;;
    --update-baseline) profile=quick; compare=update; shift ;;
    --link) link=${2:?--link needs a SPEC, e.g. servers=10gbit,client=1gbit}; shift 2 ;;
    --link=*) link=${1#--link=}; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done

case "$profile" in
  smoke)   rows=100000;   jmh=(-f 1 -wi 0 -i 1 -r 1s -p batchSize=65536 -p allocator=netty -p jdbcRows=10000) ;;
  quick)   rows=2400000;  jmh=(-f 1 -wi 1 -w 2s -i 2 -r 3s -p batchSize=65536,1048576 -p allocator=netty -p jdbcRows=50000) ;;
  default) rows=24000000; jmh=() ;;
  full)    rows=24000000; jmh=(-f 3) ;;
esac

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

out="results/$(date -u +%Y%m%d-%H%M%S)-$profile"
mkdir -p "$out"
mallard machine-info --link "$link" --out "$out/machine.json"
[[ "$link" == none ]] || runner=(src/main/sh/links.sh run "$link" --log-dir "$out" --)

echo ">> JMH, profile $profile, $rows rows, results in $out" >&2
# -jvmArgsPrepend leaves the benchmarks' own --add-opens (in @Fork) in place
${runner[@]+"${runner[@]}"} java -jar target/benchmarks.jar "${jmh[@]}" ${link_args[@]+"${link_args[@]}"} -p rows="$rows" \
  -jvmArgsPrepend "-Dmallard.fingerprint=$fingerprint" \
  -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.log"

mallard report "$out/jmh.json" --out "$out/report.md"

case "$compare" in
  check)
    mallard compare results/baseline/jmh.json "$out/jmh.json" --normalize normalized --out "$out/compare.md"
    ;;
  update)
    mkdir -p results/baseline
    cp "$out/jmh.json" "$out/machine.json" results/baseline/
    echo ">> results/baseline/ now holds this run" >&2
    ;;
esac
