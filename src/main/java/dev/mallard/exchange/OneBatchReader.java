package dev.mallard.exchange;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} of exactly one batch, so a single root can be exported as a C stream.
 * The batch's buffers are shared by reference count, not copied; the caller keeps ownership of
 * {@code batch}, which must stay valid until the reader has loaded it.
 */
public final class OneBatchReader extends ArrowReader {
  private final Schema schema;
  private VectorSchemaRoot pending;

  public OneBatchReader(BufferAllocator allocator, VectorSchemaRoot batch) {
    super(allocator);
    this.schema = batch.getSchema();
    this.pending = batch;
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    ensureInitialized();
    if (pending == null) {
      return false;
    }
    ArrowRecordBatch batch = new VectorUnloader(pending).getRecordBatch();
    pending = null;
    // loadRecordBatch closes the record batch: the reader's root keeps its own references
    loadRecordBatch(batch);
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    pending = null;
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
