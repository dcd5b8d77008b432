package dev.mallard.bench;

/** An operation that moved less than the whole table must fail the run, not report a fast zero. */
final class Expect {
  private Expect() {}

  static void rows(long expected, long actual, String operation) {
    if (expected != actual) {
      throw new IllegalStateException(operation + " moved " + actual + " rows, expected " + expected);
    }
  }

  /** For a stream of whole batches that may end up to one batch past {@code expected}. */
  static void atLeast(long expected, long actual, String operation) {
    if (actual < expected) {
      throw new IllegalStateException(operation + " moved " + actual + " rows, expected at least " + expected);
    }
  }
}
