package dev.mallard.bench;

import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * GET: the whole flights table from server 1 to the client. Its ceiling is
 * {@link BaselineBenchmark#inProcessExport}: the same DuckDB export with no network.
 */
public class GetBenchmark extends BenchmarkDefaults {

  @Benchmark
  public long get(ServerPairState servers, ArrowSettings arrow, PartitionCount partitions, Moved moved,
      PeakMemory memory) throws Exception {
    // one partition: the plain single-stream GET; otherwise GetFlightInfo's endpoints read side by side
    StreamStats stats = partitions.partitions == 1
        ? servers.client1.get(QUERY, arrow.batchSize, batch -> {})
        : servers.client1.get(QUERY, arrow.batchSize, partitions.partitions, MallardClient.GetOrder.UNORDERED,
            batch -> {});
    Expect.rows(servers.rows, stats.rows(), "GET");
    moved.add(stats);
    memory.record(servers.takePeakServerMemory());
    return stats.rows();
  }
}
