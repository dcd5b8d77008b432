package dev.mallard.arrow;

import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's JDBC driver, when it streams results, reports a query that fails while running (a
 * cast that overflows, {@code error()}) only as "Invalid result set" and drops DuckDB's message.
 * A person cannot act on that, so on that message alone the query is run once more under
 * {@code EXPLAIN ANALYZE}, which executes it fully but returns only a plan: memory stays
 * bounded and the real error surfaces. Only plain SELECTs are re-run, never anything with effects.
 */
final class StreamedQueryErrors {
  static final String OPAQUE = "Invalid result set";

  private StreamedQueryErrors() {}

  static boolean isOpaque(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains(OPAQUE);
  }

  /** The real error behind {@code opaque}, or {@code opaque} itself if it cannot be recovered. */
  static SQLException explain(DuckDBConnection connection, String sql, SQLException opaque) {
    SQLException explained = explainOnce(connection, sql, opaque);
    if (!String.valueOf(explained.getMessage()).contains("transaction is aborted")) {
      return explained;
    }
    // the query failed inside an explicit transaction (a partition's): end it, then re-run outside
    try (Statement statement = connection.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException cannotRollBack) {
      opaque.addSuppressed(cannotRollBack);
      return opaque;
    }
    return explainOnce(connection, sql, opaque);
  }

  private static SQLException explainOnce(DuckDBConnection connection, String sql, SQLException opaque) {
    try {
      if (!SelectStatements.onlySelects(connection, sql)) {
        return opaque;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("EXPLAIN ANALYZE " + sql);
      }
      return opaque;
    } catch (SQLException real) {
      // a registered Arrow stream can be scanned once: then the re-run cannot tell us more
      if (isOpaque(real) || String.valueOf(real.getMessage()).contains("stream has been released")) {
        return opaque;
      }
      real.addSuppressed(opaque);
      return real;
    }
  }
}
