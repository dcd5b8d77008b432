package dev.mallard.bench;

import dev.mallard.arrow.StreamStats;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * GET: the whole flights table from server 1 to the client. Its ceiling is
 * {@link BaselineBenchmark#inProcessExport}: the same DuckDB export with no network.
 */
public class GetBenchmark extends BenchmarkDefaults {

  @Benchmark
  public long get(ServerPairState servers, ArrowSettings arrow, Moved moved, PeakMemory memory) throws Exception {
    StreamStats stats = servers.client1.get(QUERY, arrow.batchSize, batch -> {});
    Expect.rows(servers.rows, stats.rows(), "GET");
    moved.add(stats);
    memory.record(servers.takePeakServerMemory());
    return stats.rows();
  }
}
