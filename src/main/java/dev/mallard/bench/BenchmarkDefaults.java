package dev.mallard.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings every Mallard benchmark shares (JMH reads these annotations from superclasses).
 *
 * <p>One operation moves the whole table, so the primary score is whole-table moves per second;
 * the {@link Moved} counters turn the same run into rows/s and bytes/s. Each move takes about a
 * second at 24M rows, hence iterations of several seconds rather than JMH's default 10 x 10 s.
 * The fork gets Arrow's {@code --add-opens} so that no user ever has to type it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED",
    "-Xms1g", "-Xmx4g", "-XX:+UseG1GC"})
public abstract class BenchmarkDefaults {
  /** The table every operation moves. */
  static final String TABLE = "flights";
  static final String QUERY = "SELECT * FROM " + TABLE;
}
