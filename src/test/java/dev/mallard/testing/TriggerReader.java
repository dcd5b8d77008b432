package dev.mallard.testing;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Passes batches through from another reader and runs an action once, before loading batch {@code atBatch}. */
public class TriggerReader extends ArrowReader {
  /** What runs before the chosen batch; it may fail the read as a broken source would. */
  @FunctionalInterface
  public interface Action {
    void run() throws IOException;
  }

  private final ArrowReader inner;
  private final int atBatch;
  private final Action action;
  private int batches;

  public TriggerReader(BufferAllocator allocator, ArrowReader inner, int atBatch, Action action) {
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
