package dev.mallard.arrow;

import java.io.IOException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An incoming Flight stream seen as an {@link ArrowReader}, so DuckDB can scan it through the C
 * Data interface while it arrives. The stream keeps owning its root; this reader never closes it.
 */
public final class FlightStreamReader extends ArrowReader {
  private final FlightStream stream;
  private final ClientWait wait;
  private long rows;
  private long batches;

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
    rows += stream.getRoot().getRowCount();
    batches++;
    return true;
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
