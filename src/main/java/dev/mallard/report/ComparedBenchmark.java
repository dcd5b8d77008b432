package dev.mallard.report;

/**
 * One benchmark configuration measured in both runs. Scores are rates (higher is better) as measured.
 */
public record ComparedBenchmark(JmhResult baselineResult, JmhResult currentResult, Rate baseline, Rate current,
    double threshold) {

  /** Relative change in throughput: -0.3 is 30% slower. */
  public double change() {
    return current.perSecond() / baseline.perSecond() - 1;
  }

  /**
   * Whether each score lies outside the other run's confidence interval. A run without an interval
   * (one iteration) counts as an exact point, so only the threshold protects against its noise.
   */
  public boolean outsideErrors() {
    return baseline.excludes(current.perSecond()) && current.excludes(baseline.perSecond());
  }

  public Verdict verdict() {
    return Verdict.of(change(), outsideErrors(), threshold);
  }

  public String key() {
    return baselineResult.key();
  }
}
