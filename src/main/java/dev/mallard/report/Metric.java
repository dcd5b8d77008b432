package dev.mallard.report;

import java.util.List;
import java.util.Map;

/**
 * One JMH metric (the primary one or an {@code @AuxCounters} secondary) as written by {@code -rf json}.
 * Values JMH could not compute (a single iteration has no error) are {@code NaN}.
 *
 * @param rawData per fork, the value of each measurement iteration
 */
public record Metric(
    double score,
    double scoreError,
    double confidenceLow,
    double confidenceHigh,
    Map<String, Double> percentiles,
    String unit,
    List<List<Double>> rawData) {

  public Metric {
    percentiles = Map.copyOf(percentiles);
    rawData = rawData.stream().map(List::copyOf).toList();
    unit = unit == null ? "" : unit;
  }

  /** True when JMH reported a real interval, i.e. there was more than one measurement. */
  public boolean hasConfidenceInterval() {
    return Double.isFinite(confidenceLow) && Double.isFinite(confidenceHigh) && confidenceLow < confidenceHigh;
  }

  /**
   * The largest single-iteration value. JMH sums EVENTS counters over iterations and forks, so for a
   * counter that holds a per-iteration peak the score is meaningless and this is the real peak.
   */
  public double maxIterationValue() {
    double max = rawData.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    if (!Double.isNaN(max)) {
      return max;
    }
    Double p100 = percentiles.get("100.0");
    return p100 != null ? p100 : score;
  }
}
