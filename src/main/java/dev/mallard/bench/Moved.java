package dev.mallard.bench;

import dev.mallard.arrow.StreamStats;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rows and Arrow bytes moved, as JMH secondary results (JMHSample_23_AuxCounters): JMH divides
 * them by the iteration's time, so they come out as rows/s and bytes/s beside the primary score.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Moved {
  public long rows;
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    rows = 0;
    bytes = 0;
  }

  void add(StreamStats stats) {
    rows += stats.rows();
    bytes += stats.bytes();
  }
}
