package dev.mallard.report;

import java.util.Locale;

/** How scores are made comparable across two runs. */
public enum Normalization {
  /** Throughput as measured: valid only when both runs used the same machine. */
  RAW,
  /**
   * Throughput divided by the same run's in-process export ceiling, so a uniformly slower or faster
   * machine cancels out and only Mallard's own share of the time counts.
   */
  NORMALIZED;

  public static Normalization parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown normalization '" + text + "': use raw or normalized", e);
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
