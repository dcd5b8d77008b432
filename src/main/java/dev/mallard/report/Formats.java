package dev.mallard.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting for reports: always US-style (1,234.56) whatever the JVM's default locale. */
final class Formats {
  static final String MISSING = "n/a";

  private Formats() {}

  static String twoDecimals(double value) {
    return Double.isFinite(value) ? String.format(Locale.US, "%.2f", value) : MISSING;
  }

  static String grouped(double value) {
    return Double.isFinite(value) ? String.format(Locale.US, "%,d", Math.round(value)) : MISSING;
  }

  static String groupedTwoDecimals(double value) {
    return Double.isFinite(value) ? String.format(Locale.US, "%,.2f", value) : MISSING;
  }

  static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.US, "%.2f×", value) : MISSING;
  }

  /** "0.91", the number of {@link #ratio} without the sign, for interval ends. */
  static String plainRatio(double value) {
    return Double.isFinite(value) ? String.format(Locale.US, "%.2f", value) : MISSING;
  }

  /** "2382.24 [2301.10, 2450.00]", or the median alone when there is no interval. */
  static String medianWithInterval(MedianInterval interval) {
    String median = twoDecimals(interval.median());
    return interval.hasInterval()
        ? median + " [" + twoDecimals(interval.low()) + ", " + twoDecimals(interval.high()) + "]" : median;
  }

  /** "±3.1%" for a relative half-width of 0.031. */
  static String plusMinusPercent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.US, "±%.1f%%", fraction * 100) : MISSING;
  }

  static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.US, "%+.1f%%", fraction * 100) : MISSING;
  }

  static String significant(double value, int digits) {
    if (!Double.isFinite(value)) {
      return MISSING;
    }
    return new BigDecimal(value).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  /** "24" for 24,000,000 and "2.4" for 2,400,000: the "N million rows" of the headline. */
  static String millions(long rows) {
    return BigDecimal.valueOf(rows).movePointLeft(6).stripTrailingZeros().toPlainString();
  }

  static String mebibytes(double bytes) {
    return Double.isFinite(bytes) ? String.format(Locale.US, "%,.1f", bytes / (1024 * 1024)) : MISSING;
  }

  /** Orders parameter values numerically when they are numbers (batch sizes), text otherwise. */
  static final java.util.Comparator<String> NUMERIC_FIRST =
      java.util.Comparator.comparingDouble(Formats::numberOrMax).thenComparing(java.util.Comparator.naturalOrder());

  private static double numberOrMax(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException | NullPointerException e) {
      return Double.MAX_VALUE;
    }
  }
}
