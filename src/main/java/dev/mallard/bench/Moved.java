package dev.mallard.bench;

import dev.mallard.arrow.StreamStats;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rows and Arrow bytes one iteration moved, as JMH secondary results (JMHSample_23_AuxCounters).
 * {@code EVENTS}, not {@code OPERATIONS}: in {@code SingleShotTime} JMH's generated code drops
 * {@code OPERATIONS} counters and keeps only {@code EVENTS}, which it records per iteration as
 * plain counts. With one operation per iteration the report divides each iteration's rows and
 * bytes by that operation's time to get rows/s and bytes/s (report/JmhResult).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
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
