package dev.mallard.bench.lockstep;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Makes a JMH run take turns with another, iteration by iteration ({@link Lockstep}):
 * {@code -prof 'dev.mallard.bench.lockstep.LockstepProfiler:dir=DIR;side=base;first=base'} on one
 * run and {@code side=current;first=base} on the other, both with the same benchmarks, parameters
 * and counts. A profiler, because JMH calls it in the fork just before and after every iteration
 * (warm-up ones too), outside the timed part and around the iteration's own setup and teardown, and
 * because a profiler can be put on the classpath of a base commit's benchmarks that predate it.
 *
 * <p>Only JMH and the JDK may be imported here: gate.sh copies this package alone onto the base
 * commit's classpath. Each iteration reports how long it waited for its turn, {@value #WAIT}
 * in ms, which shows in the results that the turns were taken.
 */
public final class LockstepProfiler implements InternalProfiler {

  /** Longer than a fork's start, the 24M-row trial setup and the slowest single operation. */
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  static final String WAIT = "·lockstep.wait";

  private final Lockstep lockstep;
  private long waitedNanos;

  public LockstepProfiler(String options) throws ProfilerException {
    Path directory = null;
    Lockstep.Side side = null;
    Lockstep.Side first = null;
    for (String option : options.split(";")) {
      String[] pair = option.split("=", 2);
      try {
        if (pair.length == 2 && pair[0].equals("dir")) {
          directory = Path.of(pair[1]);
        } else if (pair.length == 2 && pair[0].equals("side")) {
          side = Lockstep.Side.parse(pair[1]);
        } else if (pair.length == 2 && pair[0].equals("first")) {
          first = Lockstep.Side.parse(pair[1]);
        } else {
          throw new ProfilerException("unknown option '" + option + "'; usage: " + getDescription());
        }
      } catch (IllegalArgumentException e) {
        throw new ProfilerException(e.getMessage());
      }
    }
    if (directory == null || side == null || first == null) {
      throw new ProfilerException("needs dir, side and first; usage: " + getDescription());
    }
    lockstep = new Lockstep(directory, side, first, PATIENCE);
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    long start = System.nanoTime();
    try {
      lockstep.awaitTurn();
      waitedNanos = System.nanoTime() - start;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the other run's turn", e);
    }
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    lockstep.endTurn();
    return List.of(new ScalarResult(WAIT, waitedNanos / 1e6, "ms", AggregationPolicy.AVG));
  }

  @Override
  public String getDescription() {
    return "takes turns with another JMH run, one iteration each: dir=SHARED_DIRECTORY;side=base|current;first=base|current";
  }
}
