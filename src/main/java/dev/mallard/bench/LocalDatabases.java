package dev.mallard.bench;

import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.arrow.SqlIdentifiers;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/** Two in-process DuckDB databases set up like the servers': the no-network side of every comparison. */
final class LocalDatabases implements AutoCloseable {
  final DuckDBConnection source;
  final DuckDBConnection target;

  LocalDatabases(String memoryLimit, int threads) throws SQLException {
    source = open(memoryLimit, threads);
    target = open(memoryLimit, threads);
  }

  private static DuckDBConnection open(String memoryLimit, int threads) throws SQLException {
    return DuckDbOpener.inMemory().streamResults().memoryLimit(memoryLimit).threads(threads).openInMemory();
  }

  void loadParquet(Path file, String table) throws SQLException {
    execute(source, "CREATE OR REPLACE TABLE " + SqlIdentifiers.quote(table) + " AS SELECT * FROM read_parquet("
        + SqlIdentifiers.literal(file.toAbsolutePath().toString()) + ")");
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
