package dev.mallard.server;

import dev.mallard.arrow.DuckDbOpener;
import java.io.IOException;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * One DuckDB database, configured and then locked: after {@link #open} no client SQL can reach the
 * file system (except {@code dataDir}), install or load extensions, or change the settings back.
 */
final class DuckDbDatabase implements AutoCloseable {
  private final DuckDBConnection root;
  private final TableLocks tableLocks = new TableLocks();

  private DuckDbDatabase(DuckDBConnection root) {
    this.root = root;
  }

  static DuckDbDatabase open(ServerConfig config) throws SQLException, IOException {
    return new DuckDbDatabase(DuckDbOpener.file(config.database())
        .streamResults() // GET must stream
        .memoryLimit(config.memoryLimit())
        .threads(config.threads())
        .lockedDown(config.dataDir())
        .open());
  }

  /** A connection of its own for one call: concurrent calls neither serialize nor see each other's transactions. */
  DuckDBConnection connect() throws SQLException {
    return root.duplicate();
  }

  /** Shared by every face of the server (PUT, Flight SQL ingest, drop), so their writes to one table are ordered. */
  TableLocks tableLocks() {
    return tableLocks;
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }
}
