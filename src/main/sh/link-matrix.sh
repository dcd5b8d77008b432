#!/usr/bin/env bash
# What the link changes: GET, PUT, TRANSFER relay and direct, EXCHANGE echo, each with compression
# none and zstd (GET and direct TRANSFER also auto, and at 2 partitions), over shaped links
# (links.sh), one JMH run per configuration in single-shot mode (each iteration moves the whole
# table once), with the bytes each link carried counted around it.
#
#   src/main/sh/link-matrix.sh [--rows N] [--iterations N] [--only NAME,...] [--out DIR] SPEC...
#   e.g. src/main/sh/link-matrix.sh servers=10gbit,client=1gbit 1gbit 10gbit
#
# Writes DIR/<spec>/<config>.json (JMH) and .bytes (per-direction link bytes), DIR/matrix.tsv (one
# row per configuration) and DIR/matrix.md (the table). Needs root, jq, and a built target/ (run
# ./run-bench.sh --smoke once, or mvn -B -DskipTests package).
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/../../.."
links=src/main/sh/links.sh

if [[ "${1:-}" == --inner-run ]]; then inner_run=yes; shift; else inner_run=no; fi
rows=2400000; iterations=5; only=""; out="results/links-$(date -u +%Y%m%d-%H%M%S)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -*) echo "link-matrix.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done

# name | JMH selector | parameters | compressions (one partition unless named: JMH joins repeated -p
# values into a list, so there is no shared default)
configs=(
  "get|GetBenchmark|-p partitions=1|none zstd auto"
  "get-2p|GetBenchmark|-p partitions=2|none zstd"
  "put|PutBenchmark||none zstd"
  "transfer-relay|TransferBenchmark|-p mode=relay -p partitions=1|none zstd"
  "transfer-direct|TransferBenchmark|-p mode=direct -p partitions=1|none zstd auto"
  "transfer-direct-2p|TransferBenchmark|-p mode=direct -p partitions=2|none"
  "exchange-echo|ExchangeBenchmark|-p exchanger=echo|none zstd"
)

# In the client namespace: every configuration against the servers links.sh started.
inner() {
  local dir=$1 spec=$2 fingerprint=$3 c name selector params compressions compression tag
  local common=(-f 1 -bm ss -tu ms -p rows="$rows" -p batchSize=122880 -p allocator=netty
    -p server1="$MLK_SERVER1" -p server2="$MLK_SERVER2" -jvmArgsPrepend "-Dmallard.fingerprint=$fingerprint")
  # loads server 1 over the client link once, outside every count
  java -jar target/benchmarks.jar "${common[@]}" -wi 0 -i 1 -p partitions=1 'GetBenchmark\.get$' >"$dir/prime.log"
  for c in "${configs[@]}"; do
    IFS='|' read -r name selector params compressions <<<"$c"
    [[ -z "$only" || ",$only," == *",$name,"* ]] || continue
    for compression in $compressions; do
      tag="$name-$compression"
      read -r load _ < /proc/loadavg
      $links counters >"$dir/$tag.before"
      # shellcheck disable=SC2086
      java -jar target/benchmarks.jar "${common[@]}" -wi 1 -i "$iterations" $params -p compression=$compression \
        -rf json -rff "$dir/$tag.json" "$selector.*" >"$dir/$tag.log"
      $links counters >"$dir/$tag.after"
      join <(sort "$dir/$tag.before") <(sort "$dir/$tag.after") | awk '{print $1, $3 - $2}' >"$dir/$tag.bytes"
      rm "$dir/$tag.before" "$dir/$tag.after"
      read -r load_after _ < /proc/loadavg
      row "$spec" "$tag" "$dir/$tag.json" "$dir/$tag.bytes" "$((iterations + 1))" "$load" "$load_after" >>"$dir/rows.tsv"
      echo ">> $spec $tag done (load $load -> $load_after)" >&2
    done
  done
}

# One TSV row: spec, config, rows/s, its interval, wire bytes per row per direction, busiest direction's utilisation.
row() {
  local spec=$1 tag=$2 json=$3 bytes=$4 ops=$5 ms err
  ms=$(jq '.[0].primaryMetric.score' "$json"); err=$(jq '.[0].primaryMetric.scoreError' "$json")
  awk -v spec="$spec" -v tag="$tag" -v ms="$ms" -v err="$err" -v rows="$rows" -v ops="$ops" \
      -v srv="$($links rate-bits "$(servers_rate "$spec")")" -v cli="$($links rate-bits "$(client_rate "$spec")")" \
      -v l1="$load" -v l2="$load_after" '
    { per_row[$1] = $2 / ops / rows; per_op[$1] = $2 / ops }
    END {
      dirs = ""; best = 0; bestdir = "-"
      for (d in per_row) {
        if (per_row[d] < 1) continue                      # control traffic only
        dirs = dirs sprintf("%s %.1f; ", d, per_row[d])
        rate = (d == "s1>s2" || d == "s2>s1") ? srv : cli
        if (rate > 0) { u = per_op[d] * 8 / (rate * ms / 1000); if (u > best) { best = u; bestdir = d } }
      }
      err = (err == "NaN") ? 0 : err
      lo = rows / ((ms + err) / 1000); hi = (ms > err) ? rows / ((ms - err) / 1000) : 0
      printf "%s\t%s\t%.0f\t%.0f\t%.0f\t%.1f\t%.1f\t%s\t%.2f\t%s\t%s\n", spec, tag, rows / (ms / 1000), lo, hi, ms, err, dirs, best, bestdir, l1 "->" l2
    }' "$bytes"
}

servers_rate() { if [[ "$1" == *=* ]]; then sed 's/.*servers=\([^,]*\).*/\1/' <<<"$1"; else echo "$1"; fi; }
client_rate() { if [[ "$1" == *=* ]]; then sed 's/.*client=\([^,]*\).*/\1/' <<<"$1"; else echo "$1"; fi; }

if [[ $inner_run == yes ]]; then inner "$@"; exit; fi

[[ $# -gt 0 ]] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
command -v jq >/dev/null || { echo "link-matrix.sh: needs jq" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "link-matrix.sh: needs root (network namespaces and tc)" >&2; exit 2; }
[[ -f target/benchmarks.jar && -f target/mallard.jar ]] || { echo "link-matrix.sh: build first (mvn -B -DskipTests package)" >&2; exit 2; }

dataset="datasets/flights-$rows.parquet"; [[ "$rows" == 24000000 ]] && dataset=datasets/flights.parquet
java -jar target/mallard.jar dataset generate --rows "$rows" --out "$dataset" >&2
fingerprint=$(java -jar target/mallard.jar dataset check "$dataset" --fingerprint)
mkdir -p "$out"
for spec in "$@"; do
  java -jar target/mallard.jar machine-info --link "$spec" --out "$out/$spec/machine.json"
done
printf 'spec\tconfig\trows_per_s\trows_per_s_low\trows_per_s_high\tms_per_op\tms_error\twire_bytes_per_row\tutilisation\tbusiest\tload\n' >"$out/matrix.tsv"
for spec in "$@"; do
  dir="$out/$spec"; mkdir -p "$dir"
  $links run "$spec" --log-dir "$dir" -- "$self" --inner-run --rows "$rows" --iterations "$iterations" --only "$only" "$dir" "$spec" "$fingerprint"
  cat "$dir/rows.tsv" >>"$out/matrix.tsv"
done
# the markdown table: rows/s with JMH's 99.9% interval ("…": the error is larger than the mean)
awk -F'\t' 'NR == 1 {
    print "| link | operation | compression | rows/s (99.9% interval) | wire bytes/row per direction | busiest direction | load |"
    print "|---|---|---|---:|---|---|---|"; next }
  { n = split($2, part, "-"); compression = part[n]; operation = substr($2, 1, length($2) - length(compression) - 1)
    high = ($5 > 0) ? sprintf("%.2f", $5 / 1e6) : "…"; dirs = $8; sub(/; $/, "", dirs)
    printf "| %s | %s | %s | %.2f M (%.2f–%s) | %s | %d%% (%s) | %s |\n", $1, operation, compression, $3 / 1e6,
      $4 / 1e6, high, dirs, $9 * 100 + 0.5, $10, $11 }' "$out/matrix.tsv" >"$out/matrix.md"
echo ">> $out/matrix.tsv, $out/matrix.md" >&2
column -t -s $'\t' "$out/matrix.tsv"
