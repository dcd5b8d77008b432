#!/usr/bin/env bash
# A/B of ReadyGate's wait: OLD = 50 ms timed wait on the ready handler (commit 75ceedb),
# NEW = polling with backoff 50 us -> 1 ms. Rounds interleaved A B B A, one fork each.
# Jars: /tmp/old-benchmarks.jar and /tmp/new-benchmarks.jar, built from the two commits.
set -euo pipefail
out=$(dirname "$0")
for side in old new new old; do
  n=$(ls "$out" | grep -c "^$side-" || true)
  java -jar /tmp/$side-benchmarks.jar -f 1 -wi 1 -i 5 -p rows=24000000 -p batchSize=122880,1048576 \
    -p allocator=netty -p partitions=1 -rf json -rff "$out/$side-$n.json" \
    'GetBenchmark.get$' 'BaselineBenchmark.flightTransport$' > "$out/$side-$n.log" 2>&1
done
