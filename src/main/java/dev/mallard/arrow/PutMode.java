package dev.mallard.arrow;

import java.util.Locale;

/** What an ingest does when the target table already exists (or does not). */
public enum PutMode {
  /** Add rows; create the table from the stream's schema if it is absent. */
  APPEND,
  /** Swap the table for the stream's contents, atomically. */
  REPLACE,
  /** Create the table; fail if it exists. */
  CREATE;

  public static PutMode parse(String mode) {
    try {
      return valueOf(mode.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown mode '" + mode + "': use append, replace or create", e);
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
