package dev.mallard.bench;

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
  public long peakArrowBytes;

  @Setup(Level.Iteration)
  public void reset() {
    peakArrowBytes = 0;
  }

  void record(long bytes) {
    peakArrowBytes = Math.max(peakArrowBytes, bytes);
  }
}
