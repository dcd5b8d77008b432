package dev.mallard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mallard.auth.AuthSetup;
import dev.mallard.auth.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.duckdb.DuckDBConnection;

/**
 * Decides what a caller may do. A read-only caller's SQL must be, by DuckDB's own parser, nothing
 * but SELECT statements ({@code json_serialize_sql} serializes only those), and it then runs in a
 * read-only transaction as well: string prefixes would be fooled by {@code WITH}, comments or a
 * second statement after a semicolon.
 */
final class AccessGuard {
  private final AuthSetup auth;

  AccessGuard(AuthSetup auth) {
    this.auth = auth;
  }

  Role accessOf(CallContext context) {
    return auth.roleOf(context);
  }

  void checkWrite(CallContext context, String what) {
    if (accessOf(context) == Role.READONLY) {
      throw CallStatus.UNAUTHORIZED
          .withDescription("user '" + context.peerIdentity() + "' is read-only and may not " + what)
          .toRuntimeException();
    }
  }

  void checkAdmin(CallContext context, String what) {
    if (accessOf(context) != Role.ADMIN) {
      throw CallStatus.UNAUTHORIZED
          .withDescription("user '" + context.peerIdentity() + "' needs the admin role to " + what)
          .toRuntimeException();
    }
  }

  /** Lets the query through, or refuses it; for read-only callers also pins the connection to a read-only transaction. */
  void checkQuery(CallContext context, DuckDBConnection connection, String sql) throws SQLException {
    if (accessOf(context) != Role.READONLY) {
      return;
    }
    if (!onlySelects(connection, sql)) {
      throw CallStatus.UNAUTHORIZED
          .withDescription("user '" + context.peerIdentity() + "' is read-only: only SELECT queries are allowed")
          .toRuntimeException();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN TRANSACTION READ ONLY");
    }
  }

  /**
   * Exchangers that run client SQL (the {@code sql} exchanger's {@code sql} parameter) get the
   * same check as a GET; other parameters only ever reach SQL as quoted identifiers.
   */
  void checkExchange(CallContext context, DuckDBConnection connection, java.util.Map<String, Object> params)
      throws SQLException {
    if (accessOf(context) == Role.READONLY && params.get("sql") instanceof String
        && !onlySelects(connection, (String) params.get("sql"))) {
      throw CallStatus.UNAUTHORIZED
          .withDescription("user '" + context.peerIdentity() + "' is read-only: exchange SQL must be a SELECT")
          .toRuntimeException();
    }
  }

  static boolean onlySelects(DuckDBConnection connection, String sql) throws SQLException {
    try (PreparedStatement parse = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      parse.setString(1, sql);
      try (ResultSet rs = parse.executeQuery()) {
        rs.next();
        JsonNode parsed = WireJson.MAPPER.readTree(rs.getString(1));
        if (parsed.path("error").asBoolean(true)) {
          String type = parsed.path("error_type").asText("");
          if (type.contains("parser")) {
            throw new SQLException("Parser Error: " + parsed.path("error_message").asText());
          }
          return false;
        }
        return parsed.path("statements").size() > 0;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("could not classify the statement", e);
      }
    }
  }
}
