package dev.mallard.arrow;

import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * An Arrow reader shown to DuckDB as a view through the C Data interface (no copy), for as long
 * as this is open. DuckDB can scan it once: the scan consumes the stream.
 *
 * <p>Closing drops the view before freeing the stream, because the view keeps the stream's raw
 * address and a later query on it would read freed memory; and it releases a stream DuckDB never
 * scanned (the query failed or was refused first), else the reader and its buffers would leak.
 */
public final class RegisteredStream implements AutoCloseable {
  private final DuckDBConnection connection;
  private final String name;
  private final ArrowArrayStream stream;

  private RegisteredStream(DuckDBConnection connection, String name, ArrowArrayStream stream) {
    this.connection = connection;
    this.name = name;
    this.stream = stream;
  }

  /** Registers {@code reader} as view {@code name}; takes ownership of the reader, which closes with the stream. */
  public static RegisteredStream register(DuckDBConnection connection, BufferAllocator allocator, String name,
      ArrowReader reader) {
    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
    try {
      Data.exportArrayStream(allocator, reader, stream);
      connection.registerArrowStream(name, stream);
      return new RegisteredStream(connection, name, stream);
    } catch (RuntimeException e) {
      releaseAndFree(stream);
      throw e;
    }
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS " + SqlIdentifiers.quote(name));
    } finally {
      releaseAndFree(stream);
    }
  }

  private static void releaseAndFree(ArrowArrayStream stream) {
    try {
      if (stream.snapshot().release != 0) {
        stream.release();
      }
    } finally {
      stream.close();
    }
  }
}
