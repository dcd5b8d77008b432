package dev.mallard.report;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The median of a set of measurements with a distribution-free 95% confidence interval.
 *
 * <p>Multi-second operations on a shared machine do not time normally (a neighbour's burst gives a
 * long right tail), so the median rather than the mean, and an interval that assumes no shape: the
 * order-statistic interval. The number of samples below the true median is Binomial(n, 1/2); the
 * k-th smallest and k-th largest sample bracket the median with probability 1 - 2 P(X < k), and k is
 * the largest rank keeping that at 95% or more (Apache Commons Statistics' binomial quantile). The
 * median itself is JMH's own percentile ({@link ListStatistics}), the one JMH prints as p(50.0000).
 * Fewer than {@value #MIN_SAMPLES} samples cannot reach 95% and get no interval.
 *
 * @param low NaN when there is no interval
 * @param high NaN when there is no interval
 */
public record MedianInterval(double median, double low, double high, int samples) {
  public static final double CONFIDENCE = 0.95;
  /** With 5 samples even the extremes bracket the median only 93.75% of the time. */
  public static final int MIN_SAMPLES = 6;

  public static MedianInterval of(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new MedianInterval(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double median = new ListStatistics(values).getPercentile(50);
    if (n < MIN_SAMPLES) {
      return new MedianInterval(median, Double.NaN, Double.NaN, n);
    }
    // smallest k with P(X <= k) >= 2.5%, so P(X <= k - 1) < 2.5%: the k-th order statistic (1-based)
    int k = BinomialDistribution.of(n, 0.5).inverseCumulativeProbability((1 - CONFIDENCE) / 2);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new MedianInterval(median, sorted[k - 1], sorted[n - k], n);
  }

  public boolean hasInterval() {
    return Double.isFinite(low) && Double.isFinite(high);
  }

  /** The farther end of the interval from the median, relative to the median (0.05 is ±5%); NaN without one. */
  public double relativeHalfWidth() {
    return hasInterval() ? Math.max(median - low, high - median) / median : Double.NaN;
  }

  /** {@code numerator / x} of every value, ends swapped: ms per op into ops (or rows) per second. */
  public MedianInterval inverted(double numerator) {
    return new MedianInterval(numerator / median, numerator / high, numerator / low, samples);
  }
}
