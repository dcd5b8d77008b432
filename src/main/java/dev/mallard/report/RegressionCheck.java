package dev.mallard.report;

import java.nio.file.Path;

/**
 * The stored-baseline comparison ({@code mallard compare}): two result files, for history. The CI
 * gate is {@link GateCheck}, which measures both commits interleaved in one job.
 */
public final class RegressionCheck {
  public static final int NO_REGRESSION = 0;
  public static final int REGRESSION = 1;
  public static final int UNUSABLE_INPUT = 2;

  /** The exit code, the markdown summary, and for unusable input the reason on its own. */
  public record Outcome(int exitCode, String markdown, String error) {}

  private RegressionCheck() {}

  public static Outcome run(Path baseline, Path current, double threshold) {
    try {
      Comparison comparison = Comparison.of(JmhJsonReader.read(baseline), JmhJsonReader.read(current),
          threshold);
      return new Outcome(comparison.exitCode(), comparison.toMarkdown(), null);
    } catch (BenchmarkInputException e) {
      return new Outcome(UNUSABLE_INPUT, "## Benchmark comparison: not possible ⚠️\n\n" + e.getMessage() + "\n",
          e.getMessage());
    }
  }

  /** Parses "10%" or "0.1" into 0.1. */
  public static double parseThreshold(String text) {
    String t = text.trim();
    double value;
    try {
      value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100 : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("threshold '" + text + "' is not a number: write e.g. 10% or 0.1", e);
    }
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException("threshold '" + text + "' must be between 0% and 100% (exclusive): write e.g. 10% or 0.1");
    }
    return value;
  }
}
