package dev.mallard.server;

import dev.mallard.arrow.DictionaryColumns;
import dev.mallard.arrow.FlightCompression;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.ReadAheadReader;
import dev.mallard.arrow.ReadyGate;
import dev.mallard.arrow.SentCompression;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Sends an Arrow reader's batches down a Flight stream as DuckDB produces them: one root, loaded
 * batch after batch, written zero-copy (every batch arrives in fresh buffers), and never ahead of
 * what the client has taken.
 */
final class BatchStreamer {
  private BatchStreamer() {}

  /**
   * Streams {@code reader}, with up to {@code prefetch} batches read ahead on a thread of
   * {@code executor} (0: read and send on the calling thread, one after the other). The
   * sending root is allocated from {@code allocator}. A client that takes no batch for the idle
   * limit ends the call with {@link IdleWatch#timedOut()}.
   *
   * @return the number of rows sent, or -1 if the client cancelled.
   */
  static long stream(ArrowReader reader, ServerStreamListener listener, IpcCompression compression, int prefetch,
      ExecutorService executor, BufferAllocator allocator, IdleWatch idle) throws IOException, InterruptedException {
    if (prefetch <= 0) {
      return stream(reader, listener, compression, idle);
    }
    try (ReadAheadReader ahead = new ReadAheadReader(allocator, reader, prefetch, executor)) {
      return stream(ahead, listener, compression, idle);
    }
  }

  static long stream(ArrowReader reader, ServerStreamListener listener, IpcCompression compression, IdleWatch idle)
      throws IOException, InterruptedException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    ReadyGate gate = new ReadyGate(listener);
    listener.setOnCancelHandler(gate::signal);
    listener.setUseZeroCopy(true);
    // Flight sends the dictionaries (a DuckDB ENUM's values) with the schema, and the reader knows
    // them once it has read a batch; other results announce their schema before the first batch
    boolean more = true;
    boolean loaded = false;
    if (DictionaryColumns.present(root.getSchema())) {
      loaded = reader.loadNextBatch();
      more = loaded;
    }
    listener.start(root, reader);
    SentCompression compressing = FlightCompression.compressSent(listener, root, compression);
    long rows = 0;
    while (more && (loaded || reader.loadNextBatch())) {
      loaded = false;
      // the limit counts from here: the time DuckDB took for the batch was ours, not the client's
      idle.progress();
      if (!gate.awaitReady(() -> listener.isCancelled() || idle.expired())) {
        if (idle.expired() && !listener.isCancelled()) {
          throw idle.timedOut();
        }
        return -1;
      }
      listener.putNext();
      compressing.sent(root.getRowCount());
      rows += root.getRowCount();
    }
    if (listener.isCancelled()) {
      return -1;
    }
    listener.completed();
    return rows;
  }

  static void cancelled(ServerStreamListener listener) {
    listener.error(CallStatus.CANCELLED.withDescription("the client cancelled the stream").toRuntimeException());
  }
}
