package dev.mallard.arrow;

import java.sql.SQLException;

/** An ingest refused before any row was written, for a reason the sender can fix. */
public final class IngestRejected extends SQLException {
  public enum Reason { ALREADY_EXISTS, SCHEMA_MISMATCH }

  private final Reason reason;

  public IngestRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
