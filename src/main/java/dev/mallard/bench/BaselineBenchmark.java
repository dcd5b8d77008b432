package dev.mallard.bench;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.arrow.TableIngest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every Flight figure is compared with, measured in the same run on the same data:
 * <ul>
 *   <li>{@code inProcessExport}: DuckDB's Arrow export of the table, no network (GET's ceiling);
 *   <li>{@code inProcessCopy}: DuckDB to Arrow to a second DuckDB through the C Data interface
 *       (the ceiling for TRANSFER and PUT);
 *   <li>{@code jdbcCopy}: the row-by-row way, ResultSet into DuckDB's Appender, on the first
 *       {@code jdbcRows} rows because it is slow: compare it by rows/s;
 *   <li>{@code parquetHandoff}: COPY to a Parquet file, then {@code read_parquet} on the other side.
 * </ul>
 */
@State(Scope.Benchmark)
public class BaselineBenchmark extends BenchmarkDefaults {

  /** Rows the JDBC copy moves per operation. */
  @Param({"200000"})
  public long jdbcRows;

  private Path handoffFile;

  @Setup(Level.Trial)
  public void createHandoffFile() throws Exception {
    handoffFile = Files.createTempFile("mallard-handoff-", ".parquet");
  }

  @TearDown(Level.Trial)
  public void deleteHandoffFile() throws Exception {
    Files.deleteIfExists(handoffFile);
  }

  @Benchmark
  public long inProcessExport(LocalPairState local, ArrowSettings arrow, Moved moved, PeakMemory memory)
      throws Exception {
    StreamStats.Counter counter = new StreamStats.Counter();
    try (BufferAllocator allocator = arrow.root.newChildAllocator("export", 0, Long.MAX_VALUE)) {
      try (QueryExport export = QueryExport.open(local.databases.source, QUERY, allocator, arrow.batchSize)) {
        ArrowReader reader = export.reader();
        while (reader.loadNextBatch()) {
          counter.add(reader.getVectorSchemaRoot());
        }
      }
      memory.record(allocator.getPeakMemoryAllocation());
    }
    StreamStats stats = counter.finish();
    Expect.rows(local.rows, stats.rows(), "in-process export");
    moved.add(stats);
    return stats.rows();
  }

  @Benchmark
  public long inProcessCopy(LocalPairState local, ArrowSettings arrow, Moved moved, PeakMemory memory)
      throws Exception {
    long start = System.nanoTime();
    long rows;
    try (BufferAllocator allocator = arrow.root.newChildAllocator("copy", 0, Long.MAX_VALUE)) {
      try (QueryExport export = QueryExport.open(local.databases.source, QUERY, allocator, arrow.batchSize)) {
        rows = TableIngest.ingest(local.databases.target, allocator, export.handOverReader(), "flights_copy",
            PutMode.REPLACE);
      }
      memory.record(allocator.getPeakMemoryAllocation());
    }
    Expect.rows(local.rows, rows, "in-process copy");
    moved.add(new StreamStats(rows, 0, 0, System.nanoTime() - start));
    return rows;
  }

  /**
   * The export as N partitions ({@code rowid} ranges) read side by side on N connections: the
   * ceiling for a partitioned GET, and with {@code partitions} = 0 (every core) the best in-process
   * export on this machine.
   */
  @Benchmark
  public long inProcessExportPartitioned(LocalPairState local, ArrowSettings arrow, PartitionCount partitions,
      Moved moved, PeakMemory memory) throws Exception {
    StreamStats stats;
    try (BufferAllocator allocator = arrow.root.newChildAllocator("export", 0, Long.MAX_VALUE)) {
      stats = InProcessPartitions.run(local.databases.source, TABLE, partitions.inProcess(),
          (connection, sql, index) -> InProcessPartitions.export(connection, sql, allocator, arrow.batchSize));
      memory.record(allocator.getPeakMemoryAllocation());
    }
    Expect.rows(local.rows, stats.rows(), "in-process partitioned export");
    moved.add(stats);
    return stats.rows();
  }

  /**
   * The copy as N streams side by side, each partition ingested into a table of its own: the
   * ceiling for a partitioned direct TRANSFER (which then also writes those tables into the target
   * in one transaction; that last copy is not in this baseline).
   */
  @Benchmark
  public long inProcessCopyPartitioned(LocalPairState local, ArrowSettings arrow, PartitionCount partitions,
      Moved moved, PeakMemory memory) throws Exception {
    StreamStats stats;
    try (BufferAllocator allocator = arrow.root.newChildAllocator("copy", 0, Long.MAX_VALUE)) {
      stats = InProcessPartitions.run(local.databases.source, TABLE, partitions.inProcess(),
          (connection, sql, index) -> {
            long start = System.nanoTime();
            try (DuckDBConnection target = local.databases.target.duplicate();
                QueryExport export = QueryExport.open(connection, sql, allocator, arrow.batchSize)) {
              long rows = TableIngest.ingest(target, allocator, export.handOverReader(), "flights_copy_" + index,
                  PutMode.REPLACE);
              return new StreamStats(rows, 0, 0, System.nanoTime() - start);
            }
          });
      memory.record(allocator.getPeakMemoryAllocation());
    }
    Expect.rows(local.rows, stats.rows(), "in-process partitioned copy");
    moved.add(stats);
    return stats.rows();
  }

  /**
   * The Flight transport alone: a GET of batches held in memory, no DuckDB, as many rows as the
   * table. Its rate T with the best export E bounds a GET on one machine by 1 / (1/E + 1/T).
   */
  @Benchmark
  public long flightTransport(HeldBatchesServer held, Moved moved) throws Exception {
    StreamStats.Counter counter = new StreamStats.Counter();
    try (FlightStream stream = held.client.getStream(new Ticket(new byte[] {'*'}))) {
      while (stream.next()) {
        counter.add(stream.getRoot());
      }
    }
    StreamStats stats = counter.finish();
    Expect.atLeast(held.rows, stats.rows(), "Flight transport");
    moved.add(stats);
    return stats.rows();
  }

  @Benchmark
  public long jdbcCopy(LocalPairState local, Moved moved) throws Exception {
    long start = System.nanoTime();
    DuckDBConnection source = local.databases.source;
    DuckDBConnection target = local.databases.target;
    int columns = createLike(source, target, "flights_jdbc").size();
    long rows = 0;
    try (Statement read = source.createStatement();
        ResultSet rs = read.executeQuery(QUERY + " LIMIT " + jdbcRows);
        DuckDBAppender appender = target.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "flights_jdbc")) {
      while (rs.next()) {
        appender.beginRow();
        for (int i = 1; i <= columns; i++) {
          appendValue(appender, rs.getObject(i));
        }
        appender.endRow();
        rows++;
      }
    }
    Expect.rows(Math.min(jdbcRows, local.rows), rows, "JDBC copy");
    moved.add(new StreamStats(rows, 0, 0, System.nanoTime() - start));
    return rows;
  }

  /** What a JDBC user writes: one boxed value per cell, dispatched on its Java type. */
  private static void appendValue(DuckDBAppender appender, Object value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else if (value instanceof String) {
      appender.append((String) value);
    } else if (value instanceof Integer) {
      appender.append((int) (Integer) value);
    } else if (value instanceof Short) {
      appender.append((short) (Short) value);
    } else if (value instanceof Long) {
      appender.append((long) (Long) value);
    } else if (value instanceof Boolean) {
      appender.append((boolean) (Boolean) value);
    } else if (value instanceof Double) {
      appender.append((double) (Double) value);
    } else if (value instanceof Float) {
      appender.append((float) (Float) value);
    } else if (value instanceof Byte) {
      appender.append((byte) (Byte) value);
    } else if (value instanceof java.math.BigDecimal) {
      appender.append((java.math.BigDecimal) value);
    } else if (value instanceof java.time.LocalDate) {
      appender.append((java.time.LocalDate) value);
    } else if (value instanceof java.sql.Date) {
      appender.append(((java.sql.Date) value).toLocalDate());
    } else if (value instanceof java.time.LocalDateTime) {
      appender.append((java.time.LocalDateTime) value);
    } else if (value instanceof java.sql.Timestamp) {
      appender.append(((java.sql.Timestamp) value).toLocalDateTime());
    } else {
      appender.append(value.toString());
    }
  }

  @Benchmark
  public long parquetHandoff(LocalPairState local, Moved moved) throws Exception {
    long start = System.nanoTime();
    String file = handoffFile.toAbsolutePath().toString().replace("'", "''");
    LocalDatabases.execute(local.databases.source, "COPY (" + QUERY + ") TO '" + file + "' (FORMAT parquet)");
    long rows;
    try (Statement statement = local.databases.target.createStatement()) {
      rows = statement.executeUpdate(
          "CREATE OR REPLACE TABLE flights_parquet AS SELECT * FROM read_parquet('" + file + "')");
    }
    Expect.rows(local.rows, rows, "Parquet hand-off");
    moved.add(new StreamStats(rows, Files.size(handoffFile), 0, System.nanoTime() - start));
    return rows;
  }

  /** Creates an empty copy of the flights table's columns in {@code target}; returns the column names. */
  private static List<String> createLike(DuckDBConnection source, DuckDBConnection target, String table)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> definitions = new ArrayList<>();
    try (Statement describe = source.createStatement();
        ResultSet rs = describe.executeQuery("DESCRIBE " + QUERY)) {
      while (rs.next()) {
        columns.add(rs.getString("column_name"));
        definitions.add('"' + rs.getString("column_name").replace("\"", "\"\"") + "\" " + rs.getString("column_type"));
      }
    }
    LocalDatabases.execute(target, "CREATE OR REPLACE TABLE " + table + " (" + String.join(", ", definitions) + ")");
    return columns;
  }
}
