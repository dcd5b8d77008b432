package dev.mallard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The most Arrow memory one stream held during the iteration (server side for Flight operations,
 * in-process for baselines): flat as rows grow means the stream never materializes.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PeakMemory {
  private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

  public long peakArrowBytes;
  /** Java heap in use right after an operation, the largest seen: garbage included, so an upper bound. */
  public long peakHeapBytes;

  @Setup(Level.Iteration)
  public void reset() {
    peakArrowBytes = 0;
    peakHeapBytes = 0;
  }

  void record(long arrowBytes) {
    peakArrowBytes = Math.max(peakArrowBytes, arrowBytes);
    peakHeapBytes = Math.max(peakHeapBytes, HEAP.getHeapMemoryUsage().getUsed());
  }
}
