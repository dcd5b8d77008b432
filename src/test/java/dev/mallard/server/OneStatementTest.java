package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.3, through a plain Arrow Java {@link FlightClient} and Arrow's {@link FlightSqlClient}:
 * a query is one statement, refused with INVALID_ARGUMENT before any of it runs, and asking for a
 * schema never executes anything.
 */
class OneStatementTest extends ServerTestBase {
  private FlightClient flight;
  private FlightSqlClient sql;

  @BeforeEach
  void openClients() throws Exception {
    flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    sql = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
        .build());
    run("CREATE TABLE t (v INTEGER)");
    run("INSERT INTO t VALUES (1), (2)");
  }

  @AfterEach
  void closeClients() throws Exception {
    sql.close();
    flight.close();
  }

  // ---- GET ----------------------------------------------------------------------------------

  @Test
  void aTicketWithTwoStatementsIsRefusedAndRunsNeither() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> get("CREATE TABLE x AS SELECT 1; SELECT 42"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().contains("exactly one SQL statement"), e.getMessage());
    assertTrue(e.getMessage().contains("SELECT 42"), e.getMessage());
    assertTableMissing("x");
  }

  @Test
  void commentsTrailingSemicolonsAndSemicolonsInLiteralsAreOneStatement() {
    assertEquals(List.of("a;b"), get("-- leading comment; still a comment\nSELECT 'a;b' AS v;;  -- done;"));
    assertEquals(List.of("1"), get("/* nested /* ; */ ; */ SELECT 1 AS \"odd;name\" /* trailing ; */"));
    assertEquals(List.of("it's;"), get("SELECT E'it\\'s;' AS v;"));
    assertEquals(List.of("x;y"), get("SELECT $tag$x;y$tag$ AS v"));
  }

  @Test
  void aStatementWithoutRowsIsRefusedBeforeItRuns() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> get("CREATE TABLE y AS SELECT 1"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertTableMissing("y");
  }

  @Test
  void onlyCommentsIsRefused() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> get("-- nothing here\n;"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
  }

  // ---- GetFlightInfo / GetSchema ---------------------------------------------------------

  @Test
  void flightInfoOfInsertReturningDescribesWithoutInserting() {
    FlightInfo info = flight.getInfo(command("INSERT INTO t VALUES (3) RETURNING v"));
    assertEquals("v", info.getSchema().getFields().get(0).getName());
    assertEquals(List.of("1", "2"), tableValues());
  }

  @Test
  void flightInfoOfSqlEndingInACommentDescribesWithoutRunning() {
    // the old LIMIT 0 wrapper was swallowed by the comment and the query then ran as it was
    FlightInfo info = flight.getInfo(command("INSERT INTO t VALUES (4) RETURNING v -- add a row"));
    assertEquals(new ArrowType.Int(32, true), info.getSchema().getFields().get(0).getType());
    assertEquals(List.of("1", "2"), tableValues());
  }

  @Test
  void schemaOfAWriteDoesNotWrite() {
    Schema schema = flight.getSchema(command("DELETE FROM t RETURNING v")).getSchema();
    assertEquals("v", schema.getFields().get(0).getName());
    assertEquals(List.of("1", "2"), tableValues());
  }

  @Test
  void flightInfoOfTwoStatementsIsRefusedAndRunsNeither() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> flight.getInfo(command("CREATE TABLE x AS SELECT 1; SELECT 42 AS v")));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    e = assertThrows(FlightRuntimeException.class,
        () -> flight.getSchema(command("INSERT INTO t VALUES (5); SELECT * FROM t")));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertTableMissing("x");
    assertEquals(List.of("1", "2"), tableValues());
  }

  @Test
  void flightInfoOfAStatementWithoutRowsIsRefusedAndNotRun() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> flight.getInfo(command("CREATE TABLE y AS SELECT 1")));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertTableMissing("y");
  }

  @Test
  void flightInfoOfShowDescribesIt() {
    FlightInfo info = flight.getInfo(command("DESCRIBE t"));
    assertTrue(info.getSchema().findField("column_name") != null, info.getSchema().toString());
  }

  // ---- EXCHANGE ------------------------------------------------------------------------------

  @Test
  void theSqlExchangerTakesOneStatement() throws Exception {
    FlightRuntimeException e = exchangeFails(
        "{\"exchanger\": \"sql\", \"sql\": \"CREATE TABLE x AS SELECT 1; SELECT * FROM input\"}");
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertTableMissing("x");
  }

  @Test
  void theRawSqlExchangeCommandTakesOneStatement() throws Exception {
    FlightRuntimeException e = exchangeFails("CREATE TABLE x AS SELECT 1; SELECT 42");
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertTableMissing("x");
  }

  // ---- Flight SQL ----------------------------------------------------------------------------

  @Test
  void flightSqlStatementsAreOneStatement() {
    for (Runnable call : List.<Runnable>of(
        () -> sql.execute("CREATE TABLE x AS SELECT 1; SELECT 42"),
        () -> sql.getExecuteSchema("CREATE TABLE x AS SELECT 1; SELECT 42"),
        () -> sql.executeUpdate("CREATE TABLE x AS SELECT 1; INSERT INTO t VALUES (9)"),
        () -> sql.prepare("CREATE TABLE x AS SELECT 1; SELECT 42").close())) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call::run);
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    }
    assertTableMissing("x");
    assertEquals(List.of("1", "2"), tableValues());
  }

  @Test
  void flightSqlSchemaOfAWriteDoesNotWrite() {
    FlightInfo info = sql.execute("INSERT INTO t VALUES (7) RETURNING v; -- one statement");
    assertEquals("v", info.getSchema().getFields().get(0).getName());
    assertEquals(List.of("1", "2"), tableValues());
    assertEquals("v", sql.getExecuteSchema("UPDATE t SET v = v + 10 RETURNING v -- comment").getSchema()
        .getFields().get(0).getName());
    assertEquals(List.of("1", "2"), tableValues());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static FlightDescriptor command(String text) {
    return FlightDescriptor.command(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> get(String query) {
    List<String> values = new ArrayList<>();
    try (FlightStream stream = flight.getStream(new Ticket(query.getBytes(StandardCharsets.UTF_8)))) {
      while (stream.next()) {
        VectorSchemaRoot root = stream.getRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          values.add(String.valueOf(root.getVector(0).getObject(i)));
        }
      }
    } catch (FlightRuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  /** Runs a statement the ordinary way, as an update over Flight SQL. */
  private void run(String statement) {
    sql.executeUpdate(statement);
  }

  private List<String> tableValues() {
    return get("SELECT v FROM t ORDER BY v");
  }

  private void assertTableMissing(String table) {
    List<String> found = get("SELECT count(*) FROM duckdb_tables() WHERE table_name = '" + table + "'");
    assertEquals(List.of("0"), found, "table " + table + " must not exist");
  }

  private FlightRuntimeException exchangeFails(String descriptor) throws Exception {
    Schema input = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true))));
    return assertThrows(FlightRuntimeException.class, () -> {
      try (FlightClient.ExchangeReaderWriter exchange = flight.doExchange(command(descriptor));
          VectorSchemaRoot root = VectorSchemaRoot.create(input, allocator)) {
        exchange.getWriter().start(root);
        ((IntVector) root.getVector(0)).allocateNew(1);
        ((IntVector) root.getVector(0)).set(0, 1);
        root.setRowCount(1);
        exchange.getWriter().putNext();
        exchange.getWriter().completed();
        while (exchange.getReader().next()) {
          // drain: the failure arrives here
        }
      }
    });
  }
}
