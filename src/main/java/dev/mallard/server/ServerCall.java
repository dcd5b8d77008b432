package dev.mallard.server;

import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * One call's resources: its own child allocator and its own DuckDB connection. Closing closes the
 * connection first (its last result may still hold Arrow buffers), then the allocator, which waits
 * for gRPC to hand back what it still holds and reports a leak as this call's.
 */
final class ServerCall implements AutoCloseable {
  private final CallAllocator allocator;
  private final DuckDBConnection connection;

  private ServerCall(CallAllocator allocator, DuckDBConnection connection) {
    this.allocator = allocator;
    this.connection = connection;
  }

  /** Takes {@code allocator}: it is closed here if the connection cannot be opened. */
  static ServerCall open(CallAllocator allocator, DuckDbDatabase database) throws SQLException {
    try {
      return new ServerCall(allocator, database.connect());
    } catch (SQLException | RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  BufferAllocator allocator() {
    return allocator.get();
  }

  DuckDBConnection connection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    try (CallAllocator last = allocator) {
      connection.close();
    }
  }
}
