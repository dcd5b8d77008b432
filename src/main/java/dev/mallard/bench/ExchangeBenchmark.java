package dev.mallard.bench;

import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * EXCHANGE: the whole flights table streamed from the client's DuckDB through an exchanger on
 * server 1 and back, the client reading while it writes. {@code echo} is the pure transport cost;
 * {@code my_streaming_exchanger} adds a column to every batch.
 */
@State(Scope.Benchmark)
public class ExchangeBenchmark extends BenchmarkDefaults {

  /** The headline exchanger by default; the matrix adds {@code echo}. */
  @Param({"my_streaming_exchanger"})
  public String exchanger;

  @Benchmark
  public long exchange(ServerPairState servers, LocalPairState local, ArrowSettings arrow, Moved moved,
      PeakMemory memory) throws Exception {
    StreamStats stats;
    try (QueryExport source = QueryExport.open(local.databases.source, QUERY, servers.clientAllocator, arrow.batchSize)) {
      stats = servers.client1.exchange(exchanger, source.reader(), true, batch -> {});
    }
    Expect.rows(servers.rows, stats.rows(), "EXCHANGE " + exchanger);
    moved.add(stats);
    memory.record(servers.takePeakServerMemory());
    return stats.rows();
  }
}
