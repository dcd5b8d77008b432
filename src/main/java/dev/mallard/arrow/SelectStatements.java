package dev.mallard.arrow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * Asks DuckDB's own parser whether SQL is nothing but SELECT statements: {@code json_serialize_sql}
 * serializes only those. String prefixes would be fooled by {@code WITH}, comments, or a second
 * statement after a semicolon.
 */
public final class SelectStatements {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SelectStatements() {}

  /** @throws SQLException with DuckDB's parser message when the SQL does not parse */
  public static boolean onlySelects(DuckDBConnection connection, String sql) throws SQLException {
    try (PreparedStatement parse = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      parse.setString(1, sql);
      try (ResultSet rs = parse.executeQuery()) {
        rs.next();
        JsonNode parsed = JSON.readTree(rs.getString(1));
        if (parsed.path("error").asBoolean(true)) {
          if (parsed.path("error_type").asText("").contains("parser")) {
            throw new SQLException("Parser Error: " + parsed.path("error_message").asText());
          }
          return false;
        }
        return parsed.path("statements").size() > 0;
      } catch (JsonProcessingException e) {
        throw new SQLException("could not classify the statement", e);
      }
    }
  }
}
