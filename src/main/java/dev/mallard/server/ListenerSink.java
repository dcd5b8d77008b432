package dev.mallard.server;

import dev.mallard.arrow.DictionaryColumns;
import dev.mallard.arrow.DictionarySnapshot;
import dev.mallard.arrow.FlightCompression;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.ReadyGate;
import dev.mallard.arrow.SentCompression;
import dev.mallard.exchange.BatchSink;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An exchanger's output, sent down the DoExchange stream by a writer thread of its own while the
 * exchanger's thread goes on consuming the input. Between the two an {@link OutputBuffer} holds
 * what the client has not taken yet (in memory up to a budget, then in a spill file): a client
 * that writes everything before it reads would otherwise wait for us while we wait for it.
 * Batches are passed by reference (unload/load, no data copy) into the one root Flight writes from.
 *
 * <p>Threads: the exchanger's thread calls {@link #send}, {@link #complete} and {@link #close};
 * the writer thread calls only {@code putNext}. The listener's other methods ({@code start},
 * {@code completed}, {@code error}) are called by the exchanger's thread while no writer runs:
 * before it starts, or after {@code complete} or {@code close} waited for it to end, so no two
 * threads ever use the listener at once.
 *
 * <p>Close order: stop and wait for the writer, then release the buffered batches and delete the
 * spill file, then close the root. The caller reports a failure to the listener after closing.
 */
final class ListenerSink implements BatchSink, AutoCloseable {
  private final ServerStreamListener listener;
  private final BufferAllocator allocator;
  private final ReadyGate gate;
  private final IpcCompression compression;
  private static final DictionaryProvider NO_DICTIONARIES = new DictionaryProvider.MapDictionaryProvider();
  private final long memoryBudget;
  private final Path spillDir;
  private final ExecutorService writers;
  private final IdleWatch idle;
  private volatile boolean closing;
  private VectorSchemaRoot root;
  private SentCompression compressing; // set before the writer starts (submit orders it)
  private DictionarySnapshot sent;
  private volatile OutputBuffer buffer;
  private Future<?> writer;

  ListenerSink(ServerStreamListener listener, BufferAllocator allocator, IpcCompression compression,
      long memoryBudget, Path spillDir, ExecutorService writers, IdleWatch idle) {
    this.listener = listener;
    this.allocator = allocator;
    this.compression = compression;
    this.memoryBudget = memoryBudget;
    this.spillDir = spillDir;
    this.writers = writers;
    this.idle = idle;
    this.gate = new ReadyGate(listener);
    listener.setOnCancelHandler(this::wakeWriter);
  }

  @Override
  public void send(VectorSchemaRoot batch) throws Exception {
    send(batch, NO_DICTIONARIES);
  }

  @Override
  public void send(VectorSchemaRoot batch, DictionaryProvider dictionaries) throws Exception {
    if (root == null) {
      start(batch.getSchema(), dictionaries);
      buffer = new OutputBuffer(batch.getSchema(), allocator, memoryBudget, spillDir);
      writer = writers.submit(this::write);
    } else if (!root.getSchema().equals(batch.getSchema())) {
      throw new IllegalStateException("exchanger changed its output schema mid-stream: " + batch.getSchema());
    } else if (sent != null) {
      sent.requireSame(dictionaries);
    }
    if (writer.isDone()) {
      // the writer only ends early when the call is over: cancelled, timed out or broken
      rethrowWriterFailure();
    }
    buffer.put(new VectorUnloader(batch).getRecordBatch());
  }

  private void start(Schema schema, DictionaryProvider dictionaries) {
    root = VectorSchemaRoot.create(schema, allocator);
    if (DictionaryColumns.present(schema)) {
      // kept for the whole call: what the client decodes every batch with, and checked against
      sent = new DictionarySnapshot(dictionaries, DictionaryColumns.ids(schema), allocator);
      sent.take(dictionaries);
    }
    listener.setUseZeroCopy(true);
    listener.start(root, sent != null ? sent : dictionaries);
    compressing = FlightCompression.compressSent(listener, root, compression);
  }

  /** The writer thread: sends buffered batches as fast as the client takes them. */
  private Void write() throws Exception {
    VectorLoader loader = new VectorLoader(root);
    ArrowRecordBatch next;
    boolean clientStalled = false;
    // waiting for the exchanger is not the client's doing, so only waiting for the client counts
    // toward the idle limit; when the exchanger times out waiting for input, it closes us
    while ((next = buffer.take(this::closedOrCancelled)) != null) {
      try (ArrowRecordBatch batch = next) {
        if (!gate.awaitReady(() -> closedOrCancelled() || idle.expired())) {
          clientStalled = !closedOrCancelled();
          break;
        }
        loader.load(batch);
        listener.putNext();
        compressing.sent(root.getRowCount());
        idle.progress();
      }
    }
    if (closing) {
      return null;
    }
    if (clientStalled) {
      throw idle.timedOut();
    }
    if (listener.isCancelled()) {
      throw CallStatus.CANCELLED.withDescription("the client cancelled the exchange").toRuntimeException();
    }
    return null;
  }

  private boolean closedOrCancelled() {
    return closing || listener.isCancelled();
  }

  private void wakeWriter() {
    gate.signal();
    if (buffer != null) {
      buffer.signal();
    }
  }

  /**
   * Ends the stream once the client has taken every batch; an exchange that sent nothing still
   * tells the client a schema.
   */
  void complete(Schema ifNothingSent) throws Exception {
    if (root == null) {
      start(ifNothingSent, NO_DICTIONARIES);
    } else {
      buffer.finish();
      rethrowWriterFailure();
    }
    listener.completed();
  }

  /** Waits for the writer to end and rethrows what ended it, if anything did. */
  private void rethrowWriterFailure() throws Exception {
    try {
      writer.get();
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw failed;
    }
  }

  @Override
  public void close() throws Exception {
    closing = true;
    try {
      if (writer != null) {
        wakeWriter();
        try {
          writer.get();
        } catch (ExecutionException endedByFailure) {
          // already reported through complete() or send(), or the call is failing for another reason
        }
      }
    } finally {
      try {
        if (buffer != null) {
          buffer.close();
        }
      } finally {
        try {
          if (root != null) {
            root.close();
          }
        } finally {
          if (sent != null) {
            sent.close();
          }
        }
      }
    }
  }
}
