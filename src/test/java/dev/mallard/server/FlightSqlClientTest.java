package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import dev.mallard.arrow.QueryExport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Arrow's own FlightSqlClient: the path a benchmark drives (execute, then DoGet), and bulk ingest. */
class FlightSqlClientTest extends ServerTestBase {
  private FlightSqlClient sql;

  @BeforeEach
  void openClient() {
    sql = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
        .build());
  }

  @AfterEach
  void closeClient() throws Exception {
    sql.close();
  }

  @Test
  void executeThenGetStreamReadsAMillionRows() throws Exception {
    FlightInfo info = sql.execute("SELECT range AS n FROM range(1000000)");
    assertEquals("n", info.getSchema().getFields().get(0).getName());
    assertEquals(1, info.getEndpoints().size());
    long rows = 0;
    long sum = 0;
    long batches = 0;
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        BigIntVector n = (BigIntVector) stream.getRoot().getVector(0);
        for (int i = 0; i < n.getValueCount(); i++) {
          sum += n.get(i);
        }
        rows += stream.getRoot().getRowCount();
        batches++;
      }
    }
    assertEquals(1_000_000, rows);
    assertEquals(999_999L * 1_000_000L / 2, sum);
    assertTrue(batches >= 1_000_000 / ServerConfig.DEFAULT_BATCH_SIZE, "expected many batches, got " + batches);
  }

  @Test
  void aTicketCanBeRedeemedAgain() throws Exception {
    FlightInfo info = sql.execute("SELECT 7 AS seven");
    for (int i = 0; i < 2; i++) {
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
        assertTrue(stream.next());
        assertEquals("7", stream.getRoot().getVector(0).getObject(0).toString());
      }
    }
  }

  @Test
  void anUpdateThroughExecuteIsRefusedBeforeItRuns() throws Exception {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> sql.execute("CREATE TABLE never_made (a INTEGER)"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("executeUpdate"), e.getMessage());
    assertTrue(client.listTables().isEmpty(), "the statement must not have run: " + client.listTables());
    assertEquals(0, sql.executeUpdate("CREATE TABLE made (a INTEGER)"));
    assertEquals(3, sql.executeUpdate("INSERT INTO made VALUES (1), (2), (3)"));
  }

  @Test
  void bulkIngestLoadsAStreamTransactionally() throws Exception {
    TableDefinitionOptions create = TableDefinitionOptions.newBuilder()
        .setIfNotExist(TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
        .setIfExists(TableExistsOption.TABLE_EXISTS_OPTION_FAIL).build();
    try (QueryExport rows = local.export("SELECT range AS id, 'name ' || range AS name FROM range(10000)",
        allocator, 1000)) {
      long written = sql.executeIngest(rows.reader(), new FlightSqlClient.ExecuteIngestOptions("ingested", create,
          false, null, null, Map.of()));
      assertEquals(10_000, written);
    }
    assertEquals(10_000, client.checksumTable("ingested").rows());
    // the table now exists, and FAIL means fail: nothing is added
    try (QueryExport rows = local.export("SELECT 1::BIGINT AS id, 'x' AS name", allocator, 1000)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> sql.executeIngest(rows.reader(),
          new FlightSqlClient.ExecuteIngestOptions("ingested", create, false, null, null, Map.of())));
      assertEquals(FlightStatusCode.ALREADY_EXISTS, e.status().code());
    }
    TableDefinitionOptions append = TableDefinitionOptions.newBuilder()
        .setIfNotExist(TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL)
        .setIfExists(TableExistsOption.TABLE_EXISTS_OPTION_APPEND).build();
    try (QueryExport rows = local.export("SELECT range AS id, 'more' AS name FROM range(5)", allocator, 1000)) {
      assertEquals(5, sql.executeIngest(rows.reader(),
          new FlightSqlClient.ExecuteIngestOptions("ingested", append, false, null, null, Map.of())));
    }
    assertEquals(10_005, client.checksumTable("ingested").rows());
    try (QueryExport rows = local.export("SELECT 1::BIGINT AS id", allocator, 1000)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> sql.executeIngest(rows.reader(),
          new FlightSqlClient.ExecuteIngestOptions("not_there", append, false, null, null, Map.of())));
      assertEquals(FlightStatusCode.NOT_FOUND, e.status().code());
    }
  }

  @Test
  void preparedStatementHandlesAreClosedAndThenUnknown() throws Exception {
    FlightSqlClient.PreparedStatement prepared = sql.prepare("SELECT range FROM range(3)");
    assertEquals(1, prepared.getResultSetSchema().getFields().size());
    FlightInfo info = prepared.execute();
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      long rows = 0;
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
      assertEquals(3, rows);
    }
    prepared.close();
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> sql.getStream(info.getEndpoints().get(0).getTicket()).next());
    assertEquals(FlightStatusCode.NOT_FOUND, e.status().code());
  }

  @Test
  void onlyFlightSqlMessagesAreRoutedToFlightSql() {
    byte[] command = Any.pack(CommandStatementQuery.newBuilder().setQuery("SELECT 1").build()).toByteArray();
    assertTrue(FlightSqlCommand.isFlightSql(command));
    for (String plain : List.of("SELECT 1", "{\"sql\": \"SELECT 1\", \"batch_size\": 10}", "my_table",
        "\nSELECT 'type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery'", "Düsseldorf ✈ 東京 🦆")) {
      assertFalse(FlightSqlCommand.isFlightSql(plain.getBytes(StandardCharsets.UTF_8)), plain);
    }
    byte[] otherAny = Any.pack(com.google.protobuf.StringValue.of("SELECT 1")).toByteArray();
    assertFalse(FlightSqlCommand.isFlightSql(otherAny));
    byte[] trailing = new byte[command.length + 2];
    System.arraycopy(command, 0, trailing, 0, command.length);
    trailing[command.length] = 0x7A; // an unknown field: not a clean Any
    trailing[command.length + 1] = 0x00;
    assertFalse(FlightSqlCommand.isFlightSql(trailing));
  }

  @Test
  void plainGetStillTakesSqlAndJsonTickets() throws Exception {
    long[] rows = {0};
    client.get("SELECT * FROM range(10)", 3, (VectorSchemaRoot root) -> rows[0] += root.getRowCount());
    assertEquals(10, rows[0]);
  }
}
