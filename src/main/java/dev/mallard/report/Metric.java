package dev.mallard.report;

import java.util.List;
import java.util.Map;

/**
 * One JMH metric (the primary one or an {@code @AuxCounters} secondary) as written by {@code -rf json}.
 * Values JMH could not compute (a single iteration has no error) are {@code NaN}.
 *
 * @param rawData per fork, the value of each measurement iteration (in SingleShotTime: of each operation)
 * @param histogramSamples per fork, every sample of a SampleTime run, expanded from JMH's
 *     {@code rawDataHistogram}; empty for other modes
 */
public record Metric(
    double score,
    double scoreError,
    double confidenceLow,
    double confidenceHigh,
    Map<String, Double> percentiles,
    String unit,
    List<List<Double>> rawData,
    List<List<Double>> histogramSamples) {

  public Metric {
    percentiles = Map.copyOf(percentiles);
    rawData = rawData.stream().map(List::copyOf).toList();
    histogramSamples = histogramSamples.stream().map(List::copyOf).toList();
    unit = unit == null ? "" : unit;
  }

  /** True when JMH reported a real interval, i.e. there was more than one measurement. */
  public boolean hasConfidenceInterval() {
    return Double.isFinite(confidenceLow) && Double.isFinite(confidenceHigh) && confidenceLow < confidenceHigh;
  }

  /** A count per iteration ({@code @AuxCounters(EVENTS)}, unit "#") rather than a rate or a time. */
  public boolean isCount() {
    return "#".equals(unit.trim());
  }

  /** Every raw value of every fork, in fork order: per-operation values in SingleShotTime and SampleTime. */
  public double[] samples() {
    List<List<Double>> source = histogramSamples.isEmpty() ? rawData : histogramSamples;
    return source.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
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
