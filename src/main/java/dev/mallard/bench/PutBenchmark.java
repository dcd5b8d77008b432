package dev.mallard.bench;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * PUT: the whole flights table from the client's own DuckDB into server 2, replacing the table
 * each time. Its ceiling is {@link BaselineBenchmark#inProcessCopy}.
 */
public class PutBenchmark extends BenchmarkDefaults {

  @Benchmark
  public long put(ServerPairState servers, LocalPairState local, ArrowSettings arrow, Moved moved, PeakMemory memory)
      throws Exception {
    StreamStats stats;
    try (QueryExport source = QueryExport.open(local.databases.source, QUERY, servers.clientAllocator, arrow.batchSize)) {
      stats = servers.client2.put("flights_put", source.reader(), PutMode.REPLACE, true);
    }
    Expect.rows(servers.rows, stats.rows(), "PUT");
    moved.add(stats);
    memory.record(servers.takePeakServerMemory());
    return stats.rows();
  }
}
