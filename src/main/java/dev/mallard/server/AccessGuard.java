package dev.mallard.server;

import dev.mallard.arrow.SelectStatements;
import dev.mallard.auth.AuthSetup;
import dev.mallard.auth.Role;
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


  /** Lets the query through, or refuses it; for read-only callers also pins the connection to a read-only transaction. */
  void checkQuery(CallContext context, DuckDBConnection connection, String sql) throws SQLException {
    if (accessOf(context) != Role.READONLY) {
      return;
    }
    if (!SelectStatements.onlySelects(connection, sql)) {
      throw CallStatus.UNAUTHORIZED
          .withDescription("user '" + context.peerIdentity() + "' is read-only: only SELECT queries are allowed")
          .toRuntimeException();
    }
    beginReadOnly(connection);
  }

  /**
   * Exchangers that run client SQL (the {@code sql} exchanger's {@code sql} parameter) get the
   * same check as a GET; other parameters only ever reach SQL as quoted identifiers. For a
   * read-only caller the exchange then runs in a read-only transaction too: a SELECT can still
   * write ({@code nextval}), and so could a plugin exchanger. DuckDB still allows temp tables
   * there, which is where exchangers keep their state.
   */
  void checkExchange(CallContext context, DuckDBConnection connection, java.util.Map<String, Object> params)
      throws SQLException {
    if (accessOf(context) != Role.READONLY) {
      return;
    }
    if (params.get("sql") instanceof String && !SelectStatements.onlySelects(connection, (String) params.get("sql"))) {
      throw CallStatus.UNAUTHORIZED
          .withDescription("user '" + context.peerIdentity() + "' is read-only: exchange SQL must be a SELECT")
          .toRuntimeException();
    }
    beginReadOnly(connection);
  }

  private static void beginReadOnly(DuckDBConnection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN TRANSACTION READ ONLY");
    }
  }

}
