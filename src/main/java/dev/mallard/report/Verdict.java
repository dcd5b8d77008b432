package dev.mallard.report;

/** The outcome for one benchmark in a comparison. */
public enum Verdict {
  /** Faster, and the difference is outside both runs' error intervals. */
  FASTER,
  /** The difference is within the error of either run: noise. */
  SAME,
  /** Slower outside the errors, but by no more than the threshold. */
  SLOWER,
  /** Slower by more than the threshold and outside the errors: fails the check. */
  REGRESSION;

  public static Verdict of(double change, boolean outsideErrors, double threshold) {
    if (!outsideErrors) {
      return SAME;
    }
    if (change > 0) {
      return FASTER;
    }
    return -change > threshold ? REGRESSION : SLOWER;
  }
}
