package dev.mallard.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * How many partitions a GET, a direct TRANSFER or an in-process partitioned baseline splits the
 * table into: 1 is the single stream, 0 the server's default (its DuckDB threads; for the in-process
 * baselines, the cores). A relayed TRANSFER ignores it.
 */
@State(Scope.Benchmark)
public class PartitionCount {
  /** The single stream and two (every core of the 2-core machine these defaults were measured on); the scaling run adds 4, 8, 0. */
  @Param({"1", "2"})
  public int partitions;

  /** What an in-process baseline uses for 0: every core, as a server's default would. */
  int inProcess() {
    return partitions > 0 ? partitions : LocalPairState.THREADS;
  }
}
