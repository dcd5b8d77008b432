package dev.mallard.arrow;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * An incoming Flight stream seen as an {@link ArrowReader}, so DuckDB can scan it through the C
 * Data interface while it arrives. The stream keeps owning its root and its dictionaries; this
 * reader never closes them.
 *
 * <p>Dictionary-encoded columns (a pandas categorical) go to DuckDB as they are: the C Data
 * export gives every batch the dictionary the stream holds at that point, so a dictionary the
 * sender replaced between batches is read right, and DuckDB lands the column as its value type
 * (VARCHAR for strings). Indices are checked against their dictionary first (see
 * {@link DictionaryColumns#requireIndicesInRange}).
 */
public final class FlightStreamReader extends ArrowReader {
  private final FlightStream stream;
  private final ClientWait wait;
  private long rows;
  private long batches;
  private Boolean dictionaryEncoded;
  private IllegalArgumentException refused;

  public FlightStreamReader(BufferAllocator allocator, FlightStream stream) {
    this(allocator, stream, ClientWait.UNLIMITED);
  }

  /** A reader whose every wait for the client runs through {@code wait}. */
  public FlightStreamReader(BufferAllocator allocator, FlightStream stream, ClientWait wait) {
    super(allocator);
    this.stream = stream;
    this.wait = wait;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() {
    return awaitClient(stream::getRoot);
  }

  @Override
  public boolean loadNextBatch() {
    if (!awaitClient(stream::next)) {
      return false;
    }
    if (dictionaryEncoded == null) {
      dictionaryEncoded = DictionaryColumns.present(stream.getRoot().getSchema());
    }
    if (dictionaryEncoded) {
      try {
        DictionaryColumns.requireIndicesInRange(stream.getRoot(), stream.getDictionaryProvider());
      } catch (IllegalArgumentException e) {
        refused = e;
        throw e;
      }
    }
    rows += stream.getRoot().getRowCount();
    batches++;
    return true;
  }

  @Override
  public Dictionary lookup(long id) {
    return stream.getDictionaryProvider().lookup(id);
  }

  @Override
  public Set<Long> getDictionaryIds() {
    return stream.getDictionaryProvider().getDictionaryIds();
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    // the Flight call owns the stream
  }

  @Override
  protected Schema readSchema() {
    return awaitClient(stream::getSchema);
  }

  private <T> T awaitClient(java.util.concurrent.Callable<T> next) {
    try {
      return wait.awaitClient(next);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes this stream into {@code table} ({@link TableIngest}, which closes this reader). A batch
   * this reader refused is reported as itself, not as DuckDB's scan error that wraps its stack trace.
   */
  public long ingestInto(DuckDBConnection connection, BufferAllocator allocator, String table, PutMode mode)
      throws SQLException {
    try {
      return TableIngest.ingest(connection, allocator, this, table, mode);
    } catch (SQLException e) {
      if (refused != null) {
        refused.addSuppressed(e);
        throw refused;
      }
      throw e;
    }
  }

  public long rows() {
    return rows;
  }

  public long batches() {
    return batches;
  }

  @Override
  public void close() throws IOException {
    closeReadSource();
  }
}
