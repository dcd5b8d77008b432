package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.TableChecksum;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Arrow Flight SQL JDBC driver, through nothing but java.sql, against a Mallard server. */
class FlightSqlJdbcTest extends ServerTestBase {
  private static final int BATCH_ROWS = 8_192;
  private Connection jdbc;

  @Override
  protected ServerConfig config() {
    return TestServers.config().withBatchSize(BATCH_ROWS);
  }

  static Connection connect(MallardServer server) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("useEncryption", "false");
    return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + server.port(), properties);
  }

  @BeforeEach
  void openJdbc() throws SQLException {
    jdbc = connect(server);
  }

  @AfterEach
  void closeJdbc() throws SQLException {
    jdbc.close();
  }

  @Test
  void everyCommonTypeArrivesAsJdbcValues() throws Exception {
    String sql = "SELECT i AS id, (i * 1000)::INTEGER AS int32, i * 100000000000 AS int64,"
        + " i / 4.0 AS dbl, (i * 1.125)::DECIMAL(18, 3) AS dec,"
        + " CASE i WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'Düsseldorf ✈ 東京 🦆' ELSE 'row ' || i END AS str,"
        + " i % 2 = 0 AS flag, DATE '2020-01-01' + i::INTEGER AS day,"
        + " TIMESTAMP '2021-06-01 12:00:00' + to_seconds(i) AS ts"
        + " FROM range(0, 4) t(i) ORDER BY i";
    try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      assertEquals(9, meta.getColumnCount());
      assertEquals("dec", meta.getColumnName(5));
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        long i = rs.getLong("id");
        assertEquals(i * 1000, rs.getInt("int32"));
        assertEquals(i * 100_000_000_000L, rs.getLong("int64"));
        assertEquals(i / 4.0, rs.getDouble("dbl"), 0.0);
        assertEquals(new BigDecimal(i).multiply(new BigDecimal("1.125")).setScale(3), rs.getBigDecimal("dec"));
        assertEquals(i % 2 == 0, rs.getBoolean("flag"));
        assertEquals(LocalDate.of(2020, 1, 1).plusDays(i), rs.getDate("day").toLocalDate());
        assertEquals(LocalDateTime.of(2021, 6, 1, 12, 0).plusSeconds(i), rs.getTimestamp("ts").toLocalDateTime());
        rows.add(rs.getString("str"));
      }
      assertEquals(4, rows.size());
      assertNull(rows.get(0));
      assertEquals("", rows.get(1));
      assertEquals("Düsseldorf ✈ 東京 🦆", rows.get(2));
      assertEquals("row 3", rows.get(3));
    }
  }

  @Test
  void updatesReturnTheirCounts() throws Exception {
    try (Statement statement = jdbc.createStatement()) {
      assertEquals(0, statement.executeUpdate("CREATE TABLE counted (id BIGINT PRIMARY KEY, name VARCHAR)"));
      assertEquals(250, statement.executeUpdate("INSERT INTO counted SELECT range, 'n' || range FROM range(250)"));
      assertEquals(50, statement.executeUpdate("DELETE FROM counted WHERE id >= 200"));
    }
    // what JDBC wrote, the plain Mallard contract reads
    assertEquals(200, client.checksumTable("counted").rows());
  }

  @Test
  void preparedStatementsBindParameters() throws Exception {
    try (Statement statement = jdbc.createStatement()) {
      statement.executeUpdate("CREATE TABLE people (id INTEGER, name VARCHAR, born DATE, score DECIMAL(10, 2),"
          + " seen TIMESTAMP, active BOOLEAN)");
    }
    try (PreparedStatement insert = jdbc.prepareStatement("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 1; i <= 3; i++) {
        insert.setInt(1, i);
        insert.setString(2, i == 2 ? "Zoë 🦆" : "person " + i);
        insert.setDate(3, Date.valueOf(LocalDate.of(1990, i, 10)));
        insert.setBigDecimal(4, new BigDecimal(i + ".25"));
        insert.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2024, 2, i, 8, 30, 15)));
        insert.setBoolean(6, i != 3);
        assertEquals(1, insert.executeUpdate());
      }
    }
    try (PreparedStatement query = jdbc.prepareStatement(
        "SELECT name, born, score, seen, active FROM people WHERE id >= ? AND name <> ? ORDER BY id")) {
      query.setInt(1, 2);
      query.setString(2, "nobody");
      try (ResultSet rs = query.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("Zoë 🦆", rs.getString(1));
        assertEquals(LocalDate.of(1990, 2, 10), rs.getDate(2).toLocalDate());
        assertEquals(new BigDecimal("2.25"), rs.getBigDecimal(3));
        assertEquals(LocalDateTime.of(2024, 2, 2, 8, 30, 15), rs.getTimestamp(4).toLocalDateTime());
        assertTrue(rs.getBoolean(5));
        assertTrue(rs.next());
        assertEquals("person 3", rs.getString(1));
        assertFalse(rs.getBoolean(5));
        assertFalse(rs.next());
      }
      // re-binding the same statement gives the new values' rows
      query.setInt(1, 3);
      try (ResultSet rs = query.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("person 3", rs.getString(1));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void metadataDescribesTablesColumnsSchemasAndCatalogs() throws Exception {
    try (Statement statement = jdbc.createStatement()) {
      statement.executeUpdate("CREATE TABLE meta_t (id BIGINT PRIMARY KEY, label VARCHAR, amount DOUBLE)");
      statement.executeUpdate("CREATE VIEW meta_v AS SELECT id FROM meta_t");
    }
    DatabaseMetaData meta = jdbc.getMetaData();
    List<String> catalogs = new ArrayList<>();
    try (ResultSet rs = meta.getCatalogs()) {
      while (rs.next()) {
        catalogs.add(rs.getString("TABLE_CAT"));
      }
    }
    assertEquals(List.of("memory"), catalogs);
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = meta.getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
    }
    assertTrue(schemas.contains("main"), schemas.toString());
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = meta.getTables(null, "main", "meta%", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
      }
    }
    assertEquals(List.of("meta_t:BASE TABLE", "meta_v:VIEW"), tables);
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(null, "main", "meta_t", null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE"));
      }
    }
    assertEquals(List.of("id:" + java.sql.Types.BIGINT, "label:" + java.sql.Types.VARCHAR,
        "amount:" + java.sql.Types.DOUBLE), columns);
    List<String> keys = new ArrayList<>();
    try (ResultSet rs = meta.getPrimaryKeys(null, null, "meta_t")) {
      while (rs.next()) {
        keys.add(rs.getString("COLUMN_NAME") + "@" + rs.getInt("KEY_SEQ"));
      }
    }
    assertEquals(List.of("id@1"), keys);
    List<String> types = new ArrayList<>();
    try (ResultSet rs = meta.getTableTypes()) {
      while (rs.next()) {
        types.add(rs.getString(1));
      }
    }
    assertEquals(CatalogMetadata.TABLE_TYPES, types);
    assertEquals("Mallard (DuckDB)", meta.getDatabaseProductName());
    assertFalse(meta.isReadOnly());
    assertEquals("\"", meta.getIdentifierQuoteString());
  }

  @Test
  void millionsOfRowsStreamThroughJdbcInBoundedMemory() throws Exception {
    long expected = 3_000_000;
    long rows = 0;
    long sum = 0;
    try (Statement statement = jdbc.createStatement();
        ResultSet rs = statement.executeQuery("SELECT range AS n, range * 2 AS twice FROM range(" + expected + ")")) {
      while (rs.next()) {
        rows++;
        sum += rs.getLong(2);
      }
    }
    assertEquals(expected, rows);
    assertEquals(expected * (expected - 1), sum);
    long peak = server.takePeakCallMemory();
    long wholeResult = expected * 16;
    // a call holds what is in flight (gRPC's windows), never the 48 MB result
    assertTrue(peak < wholeResult / 4, "a call peaked at " + peak + " bytes");
  }

  @Test
  void duckDbErrorsSurfaceAsSqlExceptions() throws Exception {
    try (Statement statement = jdbc.createStatement()) {
      SQLException missing = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT * FROM no_such_table").next());
      assertTrue(messages(missing).contains("no_such_table"), messages(missing));
      assertTrue(messages(missing).contains("Catalog Error"), messages(missing));
      SQLException syntax = assertThrows(SQLException.class, () -> statement.executeUpdate("CREATE TABLEX y (a INT)"));
      assertTrue(messages(syntax).contains("Parser Error"), messages(syntax));
      SQLException lockdown = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT * FROM read_csv('/etc/passwd')").next());
      assertTrue(messages(lockdown).contains("disabled by configuration"), messages(lockdown));
    }
    // the connection is still good after errors
    try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery("SELECT 42")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
  }

  @Test
  void thePlainMallardContractStillWorksOnTheSamePort() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS a, 'v' || range AS b FROM range(1000)", allocator, 100)) {
      assertEquals(1000, client.put("plain_put", rows.reader(), PutMode.CREATE).rows());
    }
    try (Statement statement = jdbc.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*), sum(a) FROM plain_put")) {
      assertTrue(rs.next());
      assertEquals(1000, rs.getLong(1));
      assertEquals(499_500, rs.getLong(2));
    }
    try (Statement statement = jdbc.createStatement()) {
      statement.executeUpdate("INSERT INTO plain_put VALUES (1000, 'jdbc')");
    }
    TableChecksum viaGet = client.checksumTable("plain_put");
    assertEquals(1001, viaGet.rows());
    List<Long> values = new ArrayList<>();
    client.get("SELECT a FROM plain_put WHERE b = 'jdbc'", 0,
        root -> values.add(((org.apache.arrow.vector.BigIntVector) root.getVector(0)).get(0)));
    assertEquals(List.of(1000L), values);
    assertArrayEquals(new Object[] {"ok"}, new Object[] {client.health().get("status")});
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append(" | ");
    }
    return text.toString();
  }
}
