#!/usr/bin/env bash
# GET only, servers' DuckDB on 1 vs 2 threads, 8 interleaved rounds (which goes first alternates)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=results/threads-final/get-rounds
for r in 1 2 3 4 5 6 7 8; do
  if ((r % 2)); then order=(1 2); else order=(2 1); fi
  for t in "${order[@]}"; do
    java -jar target/benchmarks.jar -f 1 -wi 1 -i 6 -bm ss -tu ms -wbs 1 -bs 1 -p rows=24000000 -p batchSize=122880 \
      -p allocator=unsafe -p partitions=1 -p serverThreads=$t -rf json -rff $out/$(printf 'round-%02d-threads-%d.json' $r $t) \
      'GetBenchmark\.get$' >> $out/jmh.log 2>&1
  done
done
