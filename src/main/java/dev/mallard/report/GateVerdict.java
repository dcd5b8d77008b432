package dev.mallard.report;

/**
 * The gate's outcome for one benchmark, from the 95% interval of its time ratio current / base
 * ({@link Slowdown}). Only {@link #REGRESSION} fails the gate: the whole interval lies beyond the
 * threshold, so a noisy measurement can never fail it, only fail to clear it ({@link #INCONCLUSIVE}).
 */
public enum GateVerdict {
  /** The whole interval is slower than 1 + threshold. */
  REGRESSION,
  /** Slower for sure (interval above 1), but possibly by no more than the threshold. */
  SLOWER,
  /** The interval holds "no change" and stays within the threshold: nothing to see. */
  SAME,
  /** The whole interval is faster. */
  FASTER,
  /** The interval holds both "no change" and a regression: too noisy to tell; more rounds would. */
  INCONCLUSIVE,
  /** Fewer than {@link Slowdown#MIN_ROUNDS} rounds: no interval at all. */
  UNDECIDED;

  static GateVerdict of(double low, double high, double threshold) {
    if (!(Double.isFinite(low) && Double.isFinite(high))) {
      return UNDECIDED;
    }
    if (low > 1 + threshold) {
      return REGRESSION;
    }
    if (high < 1) {
      return FASTER;
    }
    if (low > 1) {
      return SLOWER;
    }
    return high > 1 + threshold ? INCONCLUSIVE : SAME;
  }

  public String label() {
    return switch (this) {
      case REGRESSION -> "**regression** ❌";
      case SLOWER -> "slower, within threshold";
      case SAME -> "no change";
      case FASTER -> "faster";
      case INCONCLUSIVE -> "inconclusive (noisy)";
      case UNDECIDED -> "undecided (too few rounds)";
    };
  }
}
