package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.arrow.TableIngest;
import dev.mallard.exchange.OneBatchReader;
import dev.mallard.testing.LocalDuckDb;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

/** Exchangers over real Flight: the client writes while it reads, and the output equals DuckDB's own answer. */
class ExchangeOverFlightTest extends ServerTestBase {
  /** A small output budget, so a slow reader shows the output spilling instead of piling up in memory. */
  @Override
  protected ServerConfig config() {
    return TestServers.config().withExchangeMemory(2L * 1024 * 1024);
  }

  static final String INPUT = "SELECT range AS id, range % 7 AS grp, (range * 37 % 1000) - 200 AS delay,"
      + " range % 50 = 0 AS cancelled FROM range(300000)";

  /** Streams INPUT through {@code command} and lands every output batch in the local table {@code out}. */
  private StreamStats exchangeIntoLocalTable(String command) throws Exception {
    return exchangeIntoLocalTable(command, false);
  }

  private StreamStats exchangeIntoLocalTable(String command, boolean freshBuffers) throws Exception {
    try (LocalDuckDb sink = new LocalDuckDb()) {
      StreamStats stats = exchangeInto(command, freshBuffers, sink);
      // the comparisons run in the input's database, so attach the results there
      local.execute("DROP TABLE IF EXISTS out");
      try (QueryExport landed = sink.export("SELECT * FROM out", allocator, 65536)) {
        TableIngest.ingest(local.connection(), allocator, landed.handOverReader(), "out", PutMode.CREATE);
      }
      return stats;
    }
  }

  private StreamStats exchangeInto(String command, boolean freshBuffers, LocalDuckDb sink) throws Exception {
    try (QueryExport input = local.export(INPUT, allocator, 8192)) {
      return client.exchange(command, input.reader(), freshBuffers, batch -> {
        try {
          TableIngest.ingest(sink.connection(), allocator, new OneBatchReader(allocator, batch), "out", PutMode.APPEND);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  private String rows(String sql) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Statement statement = local.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(rs.getString(i)).append(i == columns ? "\n" : "\t");
        }
      }
    }
    return text.toString();
  }

  /** Same rows in any order: both differences empty and counts equal. */
  private void assertSameRows(String expectedSql, String actualSql) throws SQLException {
    assertEquals(rows("SELECT count(*) FROM (" + expectedSql + ")"), rows("SELECT count(*) FROM (" + actualSql + ")"));
    assertEquals("", rows("(" + expectedSql + ") EXCEPT ALL (" + actualSql + ")"));
    assertEquals("", rows("(" + actualSql + ") EXCEPT ALL (" + expectedSql + ")"));
  }

  @Test
  void echoReturnsEveryBatchUnchanged() throws Exception {
    StreamStats stats = exchangeIntoLocalTable("echo");
    assertEquals(300000, stats.rows());
    assertTrue(stats.batches() >= 300000 / 8192, "batches: " + stats.batches());
    assertSameRows(INPUT, "SELECT * FROM out");
  }

  @Test
  void echoOfDuckDbExportSentWithoutCopyIsUnchanged() throws Exception {
    // DuckDB's export loads every batch into new buffers, so the client may hand them to gRPC as they are
    StreamStats stats = exchangeIntoLocalTable("echo", true);
    assertEquals(300000, stats.rows());
    assertSameRows(INPUT, "SELECT * FROM out");
  }

  @Test
  void myStreamingExchangerMarksEveryRowProcessed() throws Exception {
    exchangeIntoLocalTable("my_streaming_exchanger");
    assertSameRows("SELECT *, true AS processed FROM (" + INPUT + ")", "SELECT * FROM out");
    assertEquals("0\n", rows("SELECT count(*) FROM out WHERE processed IS DISTINCT FROM true"));
  }

  @Test
  void sqlExchangerTransformsEachBatch() throws Exception {
    String transform = "SELECT id, delay, delay > 15 AS delayed FROM input WHERE NOT cancelled";
    exchangeIntoLocalTable("{\"exchanger\": \"sql\", \"sql\": \"" + transform + "\"}");
    assertSameRows(transform.replace("FROM input", "FROM (" + INPUT + ")"), "SELECT * FROM out");
  }

  @Test
  void aggregateExchangerEqualsAGroupByOverTheWholeInput() throws Exception {
    exchangeIntoLocalTable("{\"exchanger\": \"aggregate\", \"group_by\": [\"grp\"], \"aggregates\": ["
        + "{\"fn\": \"sum\", \"column\": \"delay\", \"as\": \"total\"}, {\"fn\": \"count\", \"as\": \"n\"},"
        + "{\"fn\": \"max\", \"column\": \"delay\", \"as\": \"worst\"}]}");
    assertEquals(
        rows("SELECT grp, sum(delay)::BIGINT, count(*), max(delay) FROM (" + INPUT + ") GROUP BY grp ORDER BY grp"),
        rows("SELECT grp, total::BIGINT, n, worst FROM out ORDER BY grp"));
  }

  @Test
  void rawSqlCommandRunsTheQueryLikeTheOriginalServers() throws Exception {
    StreamStats stats = exchangeIntoLocalTable("SELECT 42 AS answer");
    assertEquals(1, stats.rows());
    assertEquals("42\n", rows("SELECT * FROM out"));
  }

  @Test
  void listExchangersNamesTheBuiltIns() {
    List<String> names = new ArrayList<>();
    for (Map<String, String> entry : client.listExchangers()) {
      names.add(entry.get("name"));
      assertTrue(!entry.get("description").isBlank());
    }
    assertTrue(names.containsAll(List.of("echo", "my_streaming_exchanger", "sql", "aggregate")), names.toString());
  }

  private FlightRuntimeException failing(String command) {
    return assertThrows(FlightRuntimeException.class, () -> exchangeIntoLocalTable(command));
  }

  @Test
  void unknownExchangerIsInvalidArgumentNamingTheAvailableOnes() {
    FlightRuntimeException e = failing("teleport");
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("available") && e.getMessage().contains("echo"), e.getMessage());
  }

  @Test
  void badParametersAreInvalidArgument() {
    FlightRuntimeException e = failing("{\"exchanger\": \"aggregate\", \"group_by\": [\"nope\"],"
        + " \"aggregates\": [{\"fn\": \"count\"}]}");
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void descriptorJsonThatIsNotAnObjectIsRefused() {
    FlightRuntimeException e = failing("{\"exchanger\": ");
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
  }

  @Test
  void sqlThatFailsOnABatchEndsTheStreamCleanly() throws Exception {
    FlightRuntimeException e = failing(
        "{\"exchanger\": \"sql\", \"sql\": \"SELECT id, CASE WHEN id > 100000 THEN error('bad row ' || id) END AS x FROM input\"}");
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("bad row"), e.getMessage());
    // and the server still exchanges
    assertEquals(300000, exchangeIntoLocalTable("echo").rows());
  }

  @Test
  void aSlowReaderDoesNotMakeServerMemoryGrow() throws Exception {
    server.takePeakCallMemory();
    long[] rows = {0};
    try (QueryExport input = local.export("SELECT range AS a, range * 2 AS b, md5(range::VARCHAR) AS c FROM range(1000000)",
        allocator, 8192)) {
      client.exchange("echo", input.reader(), batch -> {
        rows[0] += batch.getRowCount();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    assertEquals(1000000, rows[0]);
    long whole = 1000000L * (8 + 8 + 32 + 4);
    long peak = server.takePeakCallMemory();
    // ~52 MB went through; the exchange call may hold a few 0.4 MB batches, not the stream
    assertTrue(peak < whole / 8, "exchange call peaked at " + peak + " bytes for " + whole + " bytes of input");
    // and the input batches waiting for the slow reader stay within the 2 MiB budget (the rest spills)
    long serverPeak = server.allocator().getPeakMemoryAllocation();
    assertTrue(serverPeak < whole / 4, "the server peaked at " + serverPeak + " bytes for " + whole + " bytes of input");
  }
}
