package dev.mallard.testing;

import dev.mallard.arrow.QueryExport;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/** An in-process DuckDB on the client side of a test: the source of PUT and EXCHANGE streams. */
public final class LocalDuckDb implements AutoCloseable {
  private final DuckDBConnection connection;

  public LocalDuckDb() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
    execute("SET threads = 2");
    execute("SET memory_limit = '1GB'");
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
