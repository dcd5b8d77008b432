#!/usr/bin/env bash
# Proof of the CI gate, as a benchmark of the gate itself (issue 14 point 4): RUNS runs of
# `./run-bench.sh --ci --base BASE` of BASE against itself (every flag is a false alarm), then RUNS
# runs of a scratch commit that makes GET about 15% slower (a sleep of 15% of each GET's own time
# inside GetBenchmark.get) against BASE (GET must be flagged, nothing else). Writes OUT/table.md
# (one line per gate run; OUT defaults to results/gate-proof-lockstep) and keeps each run's
# directory (gate.md, JMH logs, per-round JSON) beside it.
#
#   src/main/sh/gate-proof.sh [--runs 5] [--base REF] [--out DIR] [-- extra ./run-bench.sh --ci options]
#
# Takes RUNS x 2 gate runs (about 11-13 min each on a 2-core VM: about 2 h for 5 + 5). Run it from a
# clean checkout of BASE (default: HEAD).
set -euo pipefail
cd "$(dirname "$0")/../../.."

runs=5
base=HEAD
proof=results/gate-proof-lockstep
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --out) proof=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "gate-proof.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
base_sha=$(git rev-parse --verify "$base^{commit}")
mkdir -p "$proof"

source src/main/sh/scratch-worktree.sh
scratch_dir mallard-proof

# the scratch commit: GET sleeps 15% of its own time after each operation, inside the measured call
git worktree add --quiet --detach "$scratch/slow" "$base_sha"
python3 - "$scratch/slow/src/main/java/dev/mallard/bench/GetBenchmark.java" <<'PY'
import sys
path = sys.argv[1]
s = open(path).read()
old = "    Expect.rows(servers.rows, stats.rows(), \"GET\");\n"
head = "    StreamStats stats = partitions.partitions == 1\n"
assert old in s and head in s, "GetBenchmark.get changed: update gate-proof.sh"
s = s.replace(head, "    long start = System.nanoTime();\n" + head)
s = s.replace(old, "    Thread.sleep((System.nanoTime() - start) * 15 / 100 / 1_000_000);  // gate proof: 15% slower\n" + old)
open(path, "w").write(s)
PY
git -C "$scratch/slow" -c user.name=gate-proof -c user.email=gate-proof@localhost \
  commit --quiet -am "gate proof: GET 15% slower"

table="$proof/table.md"
{
  echo "| run | current | exit | minutes | flagged | GET ratio [95% interval] | TRANSFER ratio [95% interval] | EXCHANGE ratio [95% interval] |"
  echo "|---|---|---:|---:|---|---|---|---|"
} > "$table"

row() {  # kind, run number, directory of the run, exit code, seconds
  local tsv="$3/gate.tsv" flagged cells=()
  flagged=$(awk -F'\t' 'NR > 1 && $8 == "REGRESSION" { printf "%s%s", sep, $1; sep = ", " }' "$tsv" 2>/dev/null)
  for b in GetBenchmark.get TransferBenchmark.transfer ExchangeBenchmark.exchange; do
    cells+=("$(awk -F'\t' -v b="$b" '$1 == b { printf "%s%.3f [%.3f, %.3f] %s", sep, $3, $4, $5, $8; sep = "; " }' "$tsv" 2>/dev/null)")
  done
  echo "| $2 | $1 | $4 | $(( $5 / 60 )) | ${flagged:-none} | ${cells[0]} | ${cells[1]} | ${cells[2]} |" >> "$table"
}

for kind in same slow-get; do
  for ((i = 1; i <= runs; i++)); do
    dir="$(cd "$proof" && pwd)/$kind-$i"
    rm -rf "$dir"
    start=$SECONDS
    status=0
    if [[ "$kind" == same ]]; then
      ./run-bench.sh --ci --base "$base_sha" --out "$dir" "$@" || status=$?
    else
      (cd "$scratch/slow" && ./run-bench.sh --ci --base "$base_sha" --out "$dir" "$@") || status=$?
    fi
    row "$kind" "$i" "$dir" "$status" $(( SECONDS - start ))
  done
done

{
  echo
  echo "same: $base ($base_sha) against itself, a flag is a false alarm; slow-get: the same commit plus a"
  echo "sleep of 15% of each GET inside GetBenchmark.get, GET must be flagged and nothing else."
  echo "False alarms (same): $(awk -F'|' '$3 ~ /same/ && $6 !~ /none/' "$table" | wc -l) of $runs runs;"
  echo "detections (slow-get, GET flagged and nothing else): $(awk -F'|' '$3 ~ /slow-get/ && $6 ~ /^ *GetBenchmark.get *$/' "$table" | wc -l) of $runs runs."
  echo
  echo "Command: \`src/main/sh/gate-proof.sh --runs $runs --base $base --out $proof\` at $(git rev-parse --short "$base_sha"), $(nproc) cores."
} >> "$table"
cat "$table"
