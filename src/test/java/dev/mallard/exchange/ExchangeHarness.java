package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.DuckDbOpener;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Drives an exchanger the way the Flight server does (open, onBatch per batch, onEnd, close),
 * with input streamed from an in-memory DuckDB. Three connections to one database: the source
 * query, the exchanger's own, and one for capturing and checking output, so that none of them
 * runs a statement while another's result is being read. The database is locked down (no external
 * access, configuration locked) as the server's is.
 */
final class ExchangeHarness implements AutoCloseable {
  static final int BATCH_ROWS = 8192;

  final BufferAllocator root = AllocatorKind.NETTY.newRoot();
  final DuckDBConnection db;
  final DuckDBConnection exchangeConnection;
  private final DuckDBConnection sourceConnection;

  /** What one exchange did. */
  record Run(Schema inputSchema, int batchesIn, long exchangePeakBytes, long runPeakBytes, long largestInputBatchBytes,
      long nanos) {}

  ExchangeHarness() throws SQLException {
    // locked down like the server's database, so the exchangers are tested without file access
    db = DuckDbOpener.inMemory().lockedDown(null).openInMemory();
    exchangeConnection = (DuckDBConnection) db.duplicate();
    sourceConnection = (DuckDBConnection) db.duplicate();
  }

  /** A table of {@code rows} rows with a spread of types, NULLs in the group key and in ARR_DELAY. */
  void generate(String table, long rows) throws SQLException {
    execute("CREATE OR REPLACE TABLE " + table + " AS SELECT"
        + " range AS id,"
        + " CASE WHEN range % 101 = 0 THEN NULL ELSE (range % 37)::INTEGER END AS k,"
        + " range % 50000 AS g,"
        + " 'name-' || (range % 1000) AS name,"
        // multiples of 0.25 are exact in binary, so double sums do not depend on the order of addition
        + " (range % 1000) * 0.25 AS x,"
        + " ((range % 5000) / 100)::DECIMAL(12, 2) AS amount,"
        + " CASE WHEN range % 17 = 0 THEN NULL ELSE (range % 120)::INTEGER - 30 END AS ARR_DELAY,"
        + " range % 13 = 0 AS CANCELLED"
        + " FROM range(" + rows + ")");
  }

  Run run(Exchanger exchanger, Map<String, Object> params, String sourceSql, BatchSink sink) throws Exception {
    return run(exchanger, params, sourceSql, false, sink);
  }

  /**
   * Streams {@code sourceSql} through {@code exchanger} in {@link #BATCH_ROWS}-row batches;
   * {@code leadingEmptyBatch} first feeds one batch of zero rows. Asserts that the exchange and the
   * source leave nothing allocated.
   */
  Run run(Exchanger exchanger, Map<String, Object> params, String sourceSql, boolean leadingEmptyBatch, BatchSink sink)
      throws Exception {
    long start = System.nanoTime();
    // input and exchange under one parent, whose peak is this run's alone
    BufferAllocator whole = root.newChildAllocator("run", 0, Long.MAX_VALUE);
    BufferAllocator input = whole.newChildAllocator("input", 0, Long.MAX_VALUE);
    BufferAllocator exchange = whole.newChildAllocator("exchange", 0, Long.MAX_VALUE);
    Schema schema;
    long exchangePeak;
    long runPeak;
    int batches = 0;
    long largestBatch = 0;
    try (QueryExport source = QueryExport.open(sourceConnection, sourceSql, input, BATCH_ROWS)) {
      ArrowReader reader = source.reader();
      schema = reader.getVectorSchemaRoot().getSchema();
      ExchangeContext context = new ExchangeContext(params, schema, exchange, exchangeConnection);
      try (ExchangeSession session = exchanger.open(context)) {
        if (leadingEmptyBatch) {
          try (VectorSchemaRoot empty = Batches.empty(schema, input)) {
            session.onBatch(empty, sink);
          }
          batches++;
        }
        while (reader.loadNextBatch()) {
          VectorSchemaRoot batch = reader.getVectorSchemaRoot();
          largestBatch = Math.max(largestBatch, bytesOf(batch));
          session.onBatch(batch, sink);
          batches++;
        }
        session.onEnd(sink);
      }
    } finally {
      long exchangeLeft = exchange.getAllocatedMemory();
      exchangePeak = exchange.getPeakMemoryAllocation();
      exchange.close();
      long inputLeft = input.getAllocatedMemory();
      input.close();
      runPeak = whole.getPeakMemoryAllocation();
      whole.close();
      assertEquals(0, exchangeLeft, "the exchange left Arrow memory allocated");
      assertEquals(0, inputLeft, "the input left Arrow memory allocated");
    }
    return new Run(schema, batches, exchangePeak, runPeak, largestBatch, System.nanoTime() - start);
  }

  static long bytesOf(VectorSchemaRoot batch) {
    long bytes = 0;
    for (FieldVector vector : batch.getFieldVectors()) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }

  /** The Arrow schema DuckDB itself gives {@code sql}'s result. */
  Schema schemaOf(String sql) throws Exception {
    try (BufferAllocator allocator = root.newChildAllocator("schema", 0, Long.MAX_VALUE);
        QueryExport export = QueryExport.open(db, sql, allocator, BATCH_ROWS)) {
      return export.reader().getVectorSchemaRoot().getSchema();
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }

  long queryLong(String sql) throws SQLException {
    try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Asserts both queries give the same multiset of rows (NULLs compare equal), and that there are rows to compare. */
  void assertSameRows(String actualSql, String expectedSql) throws SQLException {
    long actual = queryLong("SELECT count(*) FROM (" + actualSql + ")");
    long expected = queryLong("SELECT count(*) FROM (" + expectedSql + ")");
    assertEquals(expected, actual, "row count");
    assertEquals(0, queryLong("SELECT count(*) FROM ((" + actualSql + ") EXCEPT ALL (" + expectedSql + "))"),
        "rows in the output but not expected");
    assertEquals(0, queryLong("SELECT count(*) FROM ((" + expectedSql + ") EXCEPT ALL (" + actualSql + "))"),
        "expected rows missing from the output");
  }

  /** Same column names and Arrow types (DuckDB marks every column nullable, so nullability is not compared). */
  static void assertSameColumns(Schema expected, Schema actual) {
    assertEquals(describe(expected), describe(actual));
  }

  static List<String> describe(Schema schema) {
    List<String> columns = new ArrayList<>();
    for (Field field : schema.getFields()) {
      columns.add(field.getName() + " " + field.getType());
    }
    return columns;
  }

  /** Temporary objects still on the exchanger's connection, which a closed session must not leave. */
  long temporaryObjectsLeft() throws SQLException {
    try (Statement statement = exchangeConnection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary)"
                + " + (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    sourceConnection.close();
    exchangeConnection.close();
    db.close();
    assertEquals(0, root.getAllocatedMemory(), "Arrow memory still allocated at the end of the test");
    root.close();
  }
}
