package dev.mallard.testing;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/** Passes batches through from another reader, then fails: a sender that dies mid-upload. */
public final class FailingReader extends TriggerReader {
  public FailingReader(BufferAllocator allocator, ArrowReader inner, int batchesBeforeFailure) {
    super(allocator, inner, batchesBeforeFailure, () -> {
      throw new IOException("sender failed after " + batchesBeforeFailure + " batches");
    });
  }
}
