package dev.mallard.wire;

/** The rows a batch may hold, wherever a batch size is given: server settings, tickets, transfer requests. */
public final class BatchSize {
  public static final int MAX = 16 * 1024 * 1024;

  private BatchSize() {}

  public static int check(long value) {
    if (value < 1 || value > MAX) {
      throw new IllegalArgumentException("batch size must be between 1 and " + MAX + " rows, got " + value);
    }
    return (int) value;
  }
}
