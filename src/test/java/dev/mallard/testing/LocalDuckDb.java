package dev.mallard.testing;

import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.DuckDbOpener;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/** An in-process DuckDB on the client side of a test: the source of PUT and EXCHANGE streams. */
public final class LocalDuckDb implements AutoCloseable {
  private final DuckDBConnection connection;

  public LocalDuckDb() throws SQLException {
    connection = DuckDbOpener.inMemory().streamResults().threads(2).memoryLimit("1GB").openInMemory();
  }

  public void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A query as an Arrow stream; the caller closes it. */
  public QueryExport export(String sql, BufferAllocator allocator, int batchSize) throws SQLException {
    return QueryExport.open(connection, sql, allocator, batchSize);
  }

  public DuckDBConnection connection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
