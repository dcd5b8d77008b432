package dev.mallard.arrow;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * Asks DuckDB's own parser whether SQL is nothing but SELECT statements: {@code json_serialize_sql}
 * serializes only those. String prefixes would be fooled by {@code WITH}, comments, or a second
 * statement after a semicolon. DuckDB also reads the JSON it writes, so no JSON library is needed.
 */
public final class SelectStatements {
  private static final String CLASSIFY = "SELECT j->>'error', j->>'error_type', j->>'error_message',"
      + " json_array_length(j->'statements') FROM (SELECT json_serialize_sql(?::VARCHAR)::JSON AS j)";

  private SelectStatements() {}

  /** @throws SQLException with DuckDB's parser message when the SQL does not parse */
  public static boolean onlySelects(DuckDBConnection connection, String sql) throws SQLException {
    try (PreparedStatement parse = connection.prepareStatement(CLASSIFY)) {
      parse.setString(1, sql);
      try (ResultSet rs = parse.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("could not classify the statement");
        }
        if (!"false".equals(rs.getString(1))) {
          String errorType = rs.getString(2);
          if (errorType != null && errorType.contains("parser")) {
            throw new SQLException("Parser Error: " + rs.getString(3));
          }
          return false;
        }
        return rs.getLong(4) > 0;
      }
    }
  }
}
