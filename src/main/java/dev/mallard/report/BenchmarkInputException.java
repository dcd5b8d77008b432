package dev.mallard.report;

/**
 * A result file or pair of result files that cannot be reported on or compared: unreadable, not
 * JMH output, or (for comparisons) not measuring the same thing. The message is meant for the person
 * running the command and says what to do about it.
 */
public final class BenchmarkInputException extends RuntimeException {
  public BenchmarkInputException(String message) {
    super(message);
  }

  public BenchmarkInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
