package dev.mallard.cli.demo;

import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SqlIdentifiers;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/** The client's own in-memory DuckDB: it reads the Parquet file and builds the streams the demo uploads. */
public final class LocalDuckDb implements AutoCloseable {
  private final DuckDBConnection connection;

  public LocalDuckDb(String memoryLimit) throws SQLException {
    // stream results: a whole-table export must not be materialized first
    connection = DuckDbOpener.inMemory().streamResults().memoryLimit(memoryLimit).openInMemory();
  }

  /** {@code SELECT ... FROM read_parquet(file)}. */
  public static String parquetScan(Path file) {
    return "read_parquet(" + SqlIdentifiers.literal(file.toAbsolutePath().toString()) + ")";
  }

  public QueryExport export(String sql, BufferAllocator allocator, int batchSize) throws SQLException {
    return QueryExport.open(connection, sql, allocator, batchSize);
  }

  /** The first row's BIGINT columns of a small query (counts). */
  public long[] longs(String sql, int columns) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("query returned no row: " + sql);
      }
      long[] values = new long[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return values;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
