package dev.mallard.testing;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Passes batches through from another reader and runs an action once, before loading batch {@code atBatch}. */
public final class TriggerReader extends ArrowReader {
  private final ArrowReader inner;
  private final int atBatch;
  private final Runnable action;
  private int batches;

  public TriggerReader(BufferAllocator allocator, ArrowReader inner, int atBatch, Runnable action) {
    super(allocator);
    this.inner = inner;
    this.atBatch = atBatch;
    this.action = action;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
    return inner.getVectorSchemaRoot();
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (batches++ == atBatch) {
      action.run();
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
