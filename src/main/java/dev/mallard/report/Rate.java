package dev.mallard.report;

import java.util.Locale;
import java.util.Map;

/**
 * A per-second rate with its confidence interval, higher being better. Built from a JMH metric
 * whatever its unit: throughput units ({@code ops/ms}) are rescaled to seconds and time-per-op units
 * ({@code ms/op}, from avgt/sample/ss modes) are inverted, so every comparison reads the same way.
 * Bounds are {@code NaN} when JMH had no interval (a single measurement iteration).
 */
public record Rate(double perSecond, double low, double high) {

  private static final Map<String, Double> SECONDS_PER_UNIT = Map.of(
      "ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0, "hr", 3600.0, "day", 86400.0);

  public static Rate of(Metric metric) {
    String[] parts = metric.unit().trim().toLowerCase(Locale.ROOT).split("/", 2);
    if (parts.length == 2 && SECONDS_PER_UNIT.containsKey(parts[1])) {
      double secondsPerUnit = SECONDS_PER_UNIT.get(parts[1]);
      return new Rate(metric.score() / secondsPerUnit, bound(metric.confidenceLow() / secondsPerUnit),
          bound(metric.confidenceHigh() / secondsPerUnit));
    }
    if (parts.length == 2 && SECONDS_PER_UNIT.containsKey(parts[0])) {
      double secondsPerUnit = SECONDS_PER_UNIT.get(parts[0]);
      // Inverting swaps the ends of the interval; a lower bound at or below zero time means "unbounded".
      double high = metric.confidenceLow() > 0 ? 1 / (metric.confidenceLow() * secondsPerUnit) : Double.NaN;
      double low = bound(1 / (metric.confidenceHigh() * secondsPerUnit));
      return new Rate(1 / (metric.score() * secondsPerUnit), Double.isNaN(high) ? Double.NaN : low, high);
    }
    return new Rate(metric.score(), bound(metric.confidenceLow()), bound(metric.confidenceHigh()));
  }

  /**
   * One raw value of a metric as milliseconds per operation: a time per op ({@code s/op}) rescaled,
   * a rate ({@code ops/s}) inverted. NaN for units that are neither.
   */
  public static double millisPerOp(double value, String unit) {
    String[] parts = unit.trim().toLowerCase(Locale.ROOT).split("/", 2);
    if (parts.length == 2 && SECONDS_PER_UNIT.containsKey(parts[0])) {
      return value * SECONDS_PER_UNIT.get(parts[0]) * 1000;
    }
    if (parts.length == 2 && SECONDS_PER_UNIT.containsKey(parts[1])) {
      return 1000 / (value / SECONDS_PER_UNIT.get(parts[1]));
    }
    return Double.NaN;
  }

  private static double bound(double value) {
    return Double.isFinite(value) ? value : Double.NaN;
  }

  public boolean hasInterval() {
    return !Double.isNaN(low) && !Double.isNaN(high) && low < high;
  }

  /** Whether {@code value} lies outside this interval; without an interval, whether it differs at all. */
  public boolean excludes(double value) {
    return hasInterval() ? value < low || value > high : value != perSecond;
  }

  public Rate dividedBy(double divisor) {
    return new Rate(perSecond / divisor, low / divisor, high / divisor);
  }

  /** Half the interval width, NaN without an interval. */
  public double halfWidth() {
    return hasInterval() ? (high - low) / 2 : Double.NaN;
  }
}
