package dev.mallard.cli.demo;

/** A demo step could not do its work or its data did not verify; the message says which and why. */
public final class StepFailed extends Exception {
  public StepFailed(String message) {
    super(message);
  }

  public StepFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
