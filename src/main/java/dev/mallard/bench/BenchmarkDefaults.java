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
 * <p>One operation moves the whole table and takes seconds at 24M rows, so every operation is
 * one sample: {@code SingleShotTime} with one call per iteration, scored in ms per operation.
 * Throughput mode with 5-second iterations counted one or two such calls per iteration, which
 * gave error bars wider than the score. Two forks of 2 warm-up + 8 measured operations give 16
 * samples per configuration, enough for a 95% interval of the median (the 4th and 13th of 16,
 * docs/benchmarks.md), and keep {@code -f 3} over every benchmark within the hour. Two warm-ups,
 * because the first operation after one was still the slowest of its fork, up to 1.5x the others
 * (results/default-final; the JIT keeps improving for 20-30 short operations, results/gate-noise); the
 * {@link Moved} counters still turn each run into rows/s and bytes/s. The fork gets Arrow's
 * {@code --add-opens} so that no user ever has to type it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 8, batchSize = 1)
@Fork(value = 2, jvmArgsAppend = {
    "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED",
    "-Xms1g", "-Xmx4g", "-XX:+UseG1GC"})
public abstract class BenchmarkDefaults {
  /** The table every operation moves. */
  static final String TABLE = "flights";
  static final String QUERY = "SELECT * FROM " + TABLE;
}
