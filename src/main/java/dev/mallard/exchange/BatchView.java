package dev.mallard.exchange;

import dev.mallard.arrow.SqlIdentifiers;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBConnection;

/**
 * One Arrow batch shown to DuckDB as a temporary view, through the C Data interface (no copy),
 * for as long as this is open. DuckDB can scan the view once: the stream is consumed by the scan.
 *
 * <p>Closing drops the view before freeing the stream, because the view keeps the stream's raw
 * address and a later query on it would read freed memory.
 */
final class BatchView implements AutoCloseable {
  private final DuckDBConnection connection;
  private final String name;
  private final ArrowArrayStream stream;

  private BatchView(DuckDBConnection connection, String name, ArrowArrayStream stream) {
    this.connection = connection;
    this.name = name;
    this.stream = stream;
  }

  /** Registers {@code batch} as view {@code name}, replacing any view of that name. */
  static BatchView register(DuckDBConnection connection, BufferAllocator allocator, String name, VectorSchemaRoot batch) {
    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
    try {
      // the exported stream owns the reader and closes it when released
      Data.exportArrayStream(allocator, new OneBatchReader(allocator, batch), stream);
      connection.registerArrowStream(name, stream);
      return new BatchView(connection, name, stream);
    } catch (RuntimeException e) {
      releaseAndFree(stream);
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS " + SqlIdentifiers.quote(name));
    } finally {
      releaseAndFree(stream);
    }
  }

  /**
   * DuckDB releases the stream once its scan reaches the end; a query that never scanned it (it
   * failed first, or did not read the view) leaves that to us, else the batch's buffers leak.
   */
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
