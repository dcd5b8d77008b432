package dev.mallard.testing;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Passes batches through from another reader, then fails: a sender that dies mid-upload. */
public final class FailingReader extends ArrowReader {
  private final ArrowReader inner;
  private final int batchesBeforeFailure;
  private int batches;

  public FailingReader(BufferAllocator allocator, ArrowReader inner, int batchesBeforeFailure) {
    super(allocator);
    this.inner = inner;
    this.batchesBeforeFailure = batchesBeforeFailure;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
    return inner.getVectorSchemaRoot();
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (batches++ == batchesBeforeFailure) {
      throw new IOException("sender failed after " + batchesBeforeFailure + " batches");
    }
    return inner.loadNextBatch();
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() throws IOException {
    return inner.getVectorSchemaRoot().getSchema();
  }

  @Override
  public void close() {}
}
