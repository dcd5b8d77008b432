package dev.mallard.report;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.inference.TTest;
import org.openjdk.jmh.util.ListStatistics;

/**
 * How much slower CURRENT is than BASE for one benchmark, measured in interleaved rounds: in each
 * round one fork of each ran on the same machine, so each round gives one paired ratio. How it is
 * taken depends on how the round paired the two ({@link Pairing}).
 *
 * <p>The round is the unit: operations within one fork share that JVM's JIT decisions and memory
 * layout, so they are not independent samples of the difference between two commits; rounds are.
 * Pairing cancels what drifts between rounds (a neighbour's load on a shared runner), which an
 * unpaired comparison of two stored runs cannot. The estimate is the geometric mean of the round
 * ratios; its 95% interval is JMH's Student-t interval ({@link ListStatistics#getConfidenceIntervalAt})
 * of the mean log ratio, mapped back; the p-value is Apache Commons Statistics' one-sample t-test of
 * the log ratios against 0 (for fork pairs the same as a paired t-test of log times). Logs make
 * "twice as slow" and "twice as fast" symmetric. JMH gives no interval for fewer than
 * {@value #MIN_ROUNDS} values, and then the verdict is {@link GateVerdict#UNDECIDED}.
 *
 * @param ratio current / base time: 1.15 is 15% slower
 * @param pValue two-sided, for "the two commits take the same time"
 */
public record Slowdown(int rounds, double baseMedianMillis, double currentMedianMillis, double ratio, double low,
    double high, double pValue, GateVerdict verdict) {

  public static final int MIN_ROUNDS = 3;

  /** How a round's operations of the two commits correspond. */
  public enum Pairing {
    /**
     * The two forks ran one after the other (about a minute apart), so only the forks pair: the
     * round's ratio is median current time / median base time.
     */
    FORKS {
      @Override
      double roundLogRatio(double[] base, double[] current, int round) {
        return Math.log(median(current)) - Math.log(median(base));
      }
    },
    /**
     * The two forks took turns operation by operation (run-bench.sh's lockstep), so operation
     * {@code i} of one ran seconds from operation {@code i} of the other: the round's ratio is the
     * trimmed mean of the per-operation log ratios (the lowest and highest eighth left out), which
     * cancels the machine's drift within the round. Trimmed, because one operation in a few dozen
     * meets a GC pause or a JIT recompilation; a mean rather than a median, because it gave rounds
     * 0.6-0.9 times as spread as the median did, in every benchmark of the two pilot runs on this
     * machine (results/gate-proof-lockstep).
     */
    OPERATIONS {
      @Override
      double roundLogRatio(double[] base, double[] current, int round) {
        if (base.length != current.length) {
          throw new IllegalArgumentException("round " + (round + 1) + " has " + base.length + " base and "
              + current.length + " current operations: paired operations need the same count on both sides");
        }
        double[] logRatios = new double[base.length];
        for (int i = 0; i < base.length; i++) {
          logRatios[i] = Math.log(current[i]) - Math.log(base[i]);
        }
        Arrays.sort(logRatios);
        int trim = logRatios.length / 8;
        return Arrays.stream(logRatios, trim, logRatios.length - trim).average().orElseThrow();
      }
    };

    /** log(current / base) of one round, {@code round} counted from 0. */
    abstract double roundLogRatio(double[] base, double[] current, int round);
  }
  static final double CONFIDENCE = 0.95;

  /**
   * @param base per round, the base commit's operation times (any unit, the same for both)
   * @param current per round, the current commit's, in the same round order
   * @param threshold the slowdown that counts as a regression, e.g. 0.1
   * @throws IllegalArgumentException for paired operations, when a round's two sides differ in count
   */
  public static Slowdown of(List<double[]> base, List<double[]> current, double threshold, Pairing pairing) {
    if (base.size() != current.size()) {
      throw new IllegalArgumentException("base has " + base.size() + " rounds, current " + current.size());
    }
    int rounds = base.size();
    double[] logRatios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      logRatios[i] = pairing.roundLogRatio(base.get(i), current.get(i), i);
    }
    double baseMedian = median(base.stream().flatMapToDouble(Arrays::stream).toArray());
    double currentMedian = median(current.stream().flatMapToDouble(Arrays::stream).toArray());
    if (rounds == 0) {
      return new Slowdown(0, baseMedian, currentMedian, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          GateVerdict.UNDECIDED);
    }
    ListStatistics stats = new ListStatistics(logRatios);
    double ratio = Math.exp(stats.getMean());
    double low = Double.NaN;
    double high = Double.NaN;
    double p = Double.NaN;
    if (rounds >= MIN_ROUNDS) {
      double[] interval = stats.getConfidenceIntervalAt(CONFIDENCE);
      low = Math.exp(interval[0]);
      high = Math.exp(interval[1]);
      p = pValue(logRatios, stats);
    }
    return new Slowdown(rounds, baseMedian, currentMedian, ratio, low, high, p, GateVerdict.of(low, high, threshold));
  }

  /** The t statistic is undefined when every round gave the same ratio: then it is certain whether it moved. */
  private static double pValue(double[] logRatios, ListStatistics stats) {
    if (stats.getVariance() == 0) {
      return stats.getMean() == 0 ? 1 : 0;
    }
    return TTest.withDefaults().test(logRatios).getPValue();
  }

  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a round without samples");
    }
    return new ListStatistics(values).getPercentile(50);
  }

  /** Relative change in time: +0.15 is 15% slower. */
  public double change() {
    return ratio - 1;
  }
}
