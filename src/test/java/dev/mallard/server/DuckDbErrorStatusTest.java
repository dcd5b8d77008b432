package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.CallStatus;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of DuckDB error, caused by real SQL sent over real Flight (a plain GET or a Flight SQL
 * update), comes back with the status its kind means; the few kinds no SQL can cause are checked
 * on DuckDB's message form directly.
 */
class DuckDbErrorStatusTest extends ServerTestBase {
  @TempDir static Path dataDir;
  private FlightSqlClient sql;

  @Override
  protected ServerConfig config() {
    // small enough for one query to run out, big enough for everything else
    return TestServers.config().withMemoryLimit("64MB").withDataDir(dataDir);
  }

  @BeforeEach
  void connectFlightSql() throws Exception {
    sql = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
        .build());
    sql.executeUpdate("CREATE TABLE keyed (id INTEGER PRIMARY KEY, v INTEGER NOT NULL CHECK (v > 0))");
    sql.executeUpdate("INSERT INTO keyed VALUES (1, 1)");
  }

  @AfterEach
  void serverStillServes() throws Exception {
    assertEquals("ok", client.health().get("status"));
    sql.close();
  }

  private static void expect(FlightStatusCode code, String messagePart, Executable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
    assertEquals(code, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains(messagePart.toLowerCase()),
        "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
  }

  private Executable get(String query) {
    return () -> {
      try (FlightStream stream = client.flight().getStream(new Ticket(query.getBytes(StandardCharsets.UTF_8)))) {
        while (stream.next()) {
          // reading surfaces the error
        }
      }
    };
  }

  private Executable update(String statement) {
    return () -> sql.executeUpdate(statement);
  }

  @Test
  void userMistakesAreInvalidArgument() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "Parser Error", get("SELEC 1"));
    expect(FlightStatusCode.INVALID_ARGUMENT, "Binder Error", get("SELECT nope FROM range(1)"));
    expect(FlightStatusCode.INVALID_ARGUMENT, "Conversion Error", get("SELECT 'x'::INTEGER"));
    expect(FlightStatusCode.INVALID_ARGUMENT, "Invalid Input Error: boom", get("SELECT error('boom')"));
    // raised after planning, while the rows stream
    expect(FlightStatusCode.INVALID_ARGUMENT, "Conversion Error", get("SELECT (range * 1000)::SMALLINT FROM range(100000)"));
  }

  @Test
  void catalogErrorsSayWhichCatalogProblem() {
    expect(FlightStatusCode.NOT_FOUND, "Catalog Error", get("SELECT * FROM missing"));
    expect(FlightStatusCode.ALREADY_EXISTS, "already exists", update("CREATE TABLE keyed (a INTEGER)"));
    expect(FlightStatusCode.NOT_FOUND, "Catalog Error", update("DROP TABLE missing"));
  }

  @Test
  void aDuplicateKeyIsAlreadyExistsOtherConstraintsAreInvalidArgument() {
    expect(FlightStatusCode.ALREADY_EXISTS, "Duplicate key", update("INSERT INTO keyed VALUES (1, 2)"));
    expect(FlightStatusCode.INVALID_ARGUMENT, "NOT NULL", update("INSERT INTO keyed VALUES (2, NULL)"));
    expect(FlightStatusCode.INVALID_ARGUMENT, "CHECK", update("INSERT INTO keyed VALUES (3, -1)"));
  }

  @Test
  void outOfMemoryIsResourceExhausted() {
    expect(FlightStatusCode.RESOURCE_EXHAUSTED, "Out of Memory Error",
        get("SELECT length(list(range)) FROM range(50000000)"));
  }

  @Test
  void aMissingFileIsNotFoundAndTheLockdownIsUnauthorized() {
    expect(FlightStatusCode.NOT_FOUND, "No files found",
        get("SELECT * FROM read_csv('" + dataDir.resolve("missing.csv") + "')"));
    expect(FlightStatusCode.UNAUTHORIZED, "Permission Error", get("SELECT * FROM read_csv('/etc/passwd')"));
    expect(FlightStatusCode.UNAUTHORIZED, "Permission Error", update("LOAD httpfs"));
    expect(FlightStatusCode.UNAUTHORIZED, "configuration has been locked", update("SET threads = 1"));
  }

  @Test
  void unsupportedSqlIsUnimplemented() {
    expect(FlightStatusCode.UNIMPLEMENTED, "Not implemented Error", update("CREATE INDEX partial ON keyed (v) WHERE v > 1"));
  }

  /** Another transaction holds the name: the writer is told to retry, not shown DuckDB's internal entry name. */
  @Test
  void aWriteWriteConflictIsRetryableAndSaysSo() throws Exception {
    try (DuckDBConnection other = server.database().connect(); Statement statement = other.createStatement()) {
      statement.execute("BEGIN");
      statement.execute("CREATE TABLE raced (a INTEGER)");
      expect(FlightStatusCode.UNAVAILABLE, "another writer changed the same table at the same time",
          update("CREATE TABLE raced (a INTEGER)"));
      FlightRuntimeException put = assertThrows(FlightRuntimeException.class, () -> {
        try (QueryExport rows = local.export("SELECT 1 AS a", allocator, 10)) {
          client.put("raced", rows.reader(), PutMode.CREATE);
        }
      });
      assertEquals(FlightStatusCode.UNAVAILABLE, put.status().code(), put.getMessage());
      assertTrue(put.getMessage().contains("retry the call"), put.getMessage());
      assertFalse(put.getMessage().contains("Schema\\0main"), put.getMessage());
      statement.execute("ROLLBACK");
    }
  }

  /** Kinds no SQL sent to a locked-down server can cause, in DuckDB's message form. */
  @Test
  void kindsSqlCannotCauseMapByTheirName() {
    List<Object[]> table = List.of(
        new Object[] {"INTERRUPT Error: Interrupted!", CallStatus.CANCELLED},
        new Object[] {"TransactionContext Error: Conflict on update!", CallStatus.UNAVAILABLE},
        new Object[] {"TransactionContext Error: cannot start a transaction within a transaction", CallStatus.INVALID_ARGUMENT},
        new Object[] {"HTTP Error: 503 Service Unavailable", CallStatus.UNAVAILABLE},
        new Object[] {"IO Error: Could not write file \"x\": No space left on device", CallStatus.UNAVAILABLE},
        new Object[] {"Dependency Error: Cannot drop entry \"t\" because there are entries that depend on it",
            CallStatus.INVALID_ARGUMENT},
        new Object[] {"INTERNAL Error: Attempted to access index 3 within vector of size 3", CallStatus.INTERNAL},
        new Object[] {"FATAL Error: Failed: database has been invalidated", CallStatus.INTERNAL},
        new Object[] {"Serialization Error: Failed to deserialize", CallStatus.INTERNAL},
        new Object[] {"Somethingnew Error: a kind this server has never heard of", CallStatus.INTERNAL},
        new Object[] {"Statement was closed", CallStatus.INTERNAL},
        new Object[] {"java.sql.SQLException: Binder Error: wrapped once", CallStatus.INVALID_ARGUMENT});
    for (Object[] row : table) {
      assertEquals(((CallStatus) row[1]).code(), StatusMapping.DuckDbErrorKind.statusOf((String) row[0]).code(),
          (String) row[0]);
    }
  }
}
