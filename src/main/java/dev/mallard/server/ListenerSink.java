package dev.mallard.server;

import dev.mallard.arrow.DictionaryColumns;
import dev.mallard.arrow.DictionarySnapshot;
import dev.mallard.arrow.FlightCompression;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.ReadyGate;
import dev.mallard.exchange.BatchSink;
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
 * An exchanger's output, sent down the DoExchange stream. Each batch's buffers are moved by
 * reference (unload/load, no data copy) into the one root Flight writes from.
 */
final class ListenerSink implements BatchSink, AutoCloseable {
  private final ServerStreamListener listener;
  private final BufferAllocator allocator;
  private final ReadyGate gate;
  private final IpcCompression compression;
  private static final DictionaryProvider NO_DICTIONARIES = new DictionaryProvider.MapDictionaryProvider();
  private VectorSchemaRoot root;
  private DictionarySnapshot sent;

  ListenerSink(ServerStreamListener listener, BufferAllocator allocator, IpcCompression compression) {
    this.listener = listener;
    this.allocator = allocator;
    this.compression = compression;
    this.gate = new ReadyGate(listener);
    listener.setOnCancelHandler(gate::signal);
  }

  @Override
  public void send(VectorSchemaRoot batch) throws InterruptedException {
    send(batch, NO_DICTIONARIES);
  }

  @Override
  public void send(VectorSchemaRoot batch, DictionaryProvider dictionaries) throws InterruptedException {
    if (root == null) {
      start(batch.getSchema(), dictionaries);
    } else if (!root.getSchema().equals(batch.getSchema())) {
      throw new IllegalStateException("exchanger changed its output schema mid-stream: " + batch.getSchema());
    } else if (sent != null) {
      sent.requireSame(dictionaries);
    }
    if (!gate.awaitReady(listener::isCancelled)) {
      throw CallStatus.CANCELLED.withDescription("the client cancelled the exchange").toRuntimeException();
    }
    try (ArrowRecordBatch recordBatch = new VectorUnloader(batch).getRecordBatch()) {
      new VectorLoader(root).load(recordBatch);
    }
    listener.putNext();
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
    FlightCompression.compressSent(listener, root, compression);
  }

  /** Ends the stream; an exchange that sent nothing still tells the client a schema. */
  void complete(Schema ifNothingSent) {
    if (root == null) {
      start(ifNothingSent, NO_DICTIONARIES);
    }
    listener.completed();
  }


  @Override
  public void close() {
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
