package dev.mallard.bench;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/** Two in-process DuckDB databases set up like the servers': the no-network side of every comparison. */
final class LocalDatabases implements AutoCloseable {
  final DuckDBConnection source;
  final DuckDBConnection target;

  LocalDatabases(String memoryLimit, int threads) throws SQLException {
    source = open(memoryLimit, threads);
    target = open(memoryLimit, threads);
  }

  private static DuckDBConnection open(String memoryLimit, int threads) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
    execute(connection, "SET memory_limit = '" + memoryLimit + "'");
    execute(connection, "SET threads = " + threads);
    return connection;
  }

  void loadParquet(Path file, String table) throws SQLException {
    execute(source, "CREATE OR REPLACE TABLE " + table + " AS SELECT * FROM read_parquet('"
        + file.toAbsolutePath().toString().replace("'", "''") + "')");
  }

  static void execute(DuckDBConnection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      target.close();
    } finally {
      source.close();
    }
  }
}
