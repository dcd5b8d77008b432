package dev.mallard.arrow;

/** Identifiers always travel into SQL quoted, never pasted. */
public final class SqlIdentifiers {
  private SqlIdentifiers() {}

  /** A name no other call will pick, for a call's own view, stream or staging table: {@code prefix} + 32 hex digits. */
  public static String uniqueName(String prefix) {
    return prefix + java.util.UUID.randomUUID().toString().replace("-", "");
  }

  /** Double-quotes a DuckDB identifier, doubling embedded quotes; rejects what no table can be named. */
  public static String quote(String identifier) {
    if (identifier == null || identifier.isBlank()) {
      throw new IllegalArgumentException("table name must not be empty");
    }
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("table name must not contain a NUL character");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** Quotes a string literal for the rare places DuckDB takes no bind parameter (SET, PRAGMA). */
  public static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
