package dev.mallard.exchange;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small helpers shared by the built-in exchangers. */
final class Batches {
  private Batches() {}

  /** A root of {@code schema} with zero rows and real (empty) buffers, which every consumer accepts. */
  static VectorSchemaRoot empty(Schema schema, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      root.setRowCount(0);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Sends every batch of {@code reader}, and one empty batch if it has none, so the receiver
   * always learns the output schema.
   *
   * @return the number of rows sent
   */
  static long sendAll(ArrowReader reader, BatchSink sink) throws Exception {
    long rows = 0;
    boolean sent = false;
    while (reader.loadNextBatch()) {
      VectorSchemaRoot batch = reader.getVectorSchemaRoot();
      sink.send(batch, reader);
      rows += batch.getRowCount();
      sent = true;
    }
    if (!sent) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      root.allocateNew();
      root.setRowCount(0);
      sink.send(root, reader);
    }
    return rows;
  }
}
