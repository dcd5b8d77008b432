package dev.mallard.bench;

import dev.mallard.arrow.AllocatorKind;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.apache.arrow.memory.BufferAllocator;

/** The Arrow knobs every streaming benchmark sweeps (JMHSample_27_Params). */
@State(Scope.Benchmark)
public class ArrowSettings {
  /**
   * Rows per Arrow batch; 122,880 is DuckDB's row-group size and the servers' default. The default
   * is the headline configuration only, so that plain {@code java -jar benchmarks.jar} stays short;
   * the matrix ({@code ./run-bench.sh --matrix}) passes 8192,65536,122880,1048576 and netty,unsafe.
   * (1,048,576 was faster only while the servers' writer waited 50 ms per not-ready batch: see
   * results/readygate-ab.)
   */
  @Param({"122880"})
  public int batchSize;

  /** Arrow's allocation manager, for every allocator in the fork (servers, client, baselines). */
  @Param({"unsafe"})
  public String allocator;

  AllocatorKind kind;
  /** For the in-process baselines; the servers and the client have their own roots of the same kind. */
  BufferAllocator root;

  @Setup(Level.Trial)
  public void choose() {
    kind = AllocatorKind.parse(allocator);
    // anything in the fork that asks Arrow for its default gets the same kind
    System.setProperty("arrow.allocation.manager.type", kind == AllocatorKind.NETTY ? "Netty" : "Unsafe");
    root = kind.newRoot();
  }

  @TearDown(Level.Trial)
  public void release() {
    long leaked = root.getAllocatedMemory();
    root.close();
    if (leaked != 0) {
      throw new IllegalStateException("in-process baselines leaked " + leaked + " bytes of Arrow memory");
    }
  }
}
