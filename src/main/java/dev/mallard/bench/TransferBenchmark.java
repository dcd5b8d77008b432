package dev.mallard.bench;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.StreamStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TRANSFER: the whole flights table from server 1 into server 2. {@code relay} streams it
 * through the client (GET into PUT); {@code direct} has server 1 push it to server 2 itself.
 * Its ceiling is {@link BaselineBenchmark#inProcessCopy}: DuckDB to Arrow to DuckDB, no network.
 */
@State(Scope.Benchmark)
public class TransferBenchmark extends BenchmarkDefaults {
  static final String TARGET = "flights_copy";

  /** {@code direct} (the headline) by default; the matrix adds {@code relay}. */
  @Param({"direct"})
  public String mode;

  private ServerPairState lastServers;

  @Benchmark
  public long transfer(ServerPairState servers, ArrowSettings arrow, PartitionCount partitions, Moved moved,
      PeakMemory memory) throws Exception {
    lastServers = servers;
    // direct sends the partitions side by side into staging tables, then commits them at once; relay ignores them
    StreamStats stats = "direct".equals(mode)
        ? servers.client1.transferDirect(servers.client2, QUERY, TARGET, PutMode.REPLACE, arrow.batchSize,
            partitions.partitions)
        : servers.client1.transferRelay(servers.client2, QUERY, TARGET, PutMode.REPLACE, arrow.batchSize);
    // the rows server 2 says it committed (the upload checks they equal the rows sent)
    Expect.rows(servers.rows, stats.rows(), "TRANSFER " + mode);
    moved.add(stats);
    memory.record(servers.takePeakServerMemory());
    return stats.rows();
  }

  /** Outside the timed region: the target really holds the whole table. */
  @TearDown(Level.Iteration)
  public void targetHoldsEveryRow() throws Exception {
    if (lastServers != null) {
      Expect.rows(lastServers.rows, lastServers.client2.checksumTable(TARGET).rows(), "TRANSFER target count");
    }
  }
}
