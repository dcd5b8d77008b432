package dev.mallard.wire;

import dev.mallard.arrow.DictionaryColumns;
import dev.mallard.arrow.DictionarySnapshot;
import dev.mallard.arrow.FlightCompression;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.ReadyGate;
import dev.mallard.arrow.SentCompression;
import dev.mallard.arrow.StreamStats;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Streams an Arrow reader to a Mallard server with DoPut, batch by batch, waiting for the
 * transport whenever it is behind. Used by the client (PUT, relay TRANSFER) and by a server that
 * pushes straight to another (direct TRANSFER).
 */
public final class FlightUpload {
  private FlightUpload() {}

  /** Sends every batch of {@code reader} to the table {@code command} names; see the general form. */
  public static StreamStats upload(FlightClient client, PutCommand command, ArrowReader reader,
      boolean zeroCopy, IpcCompression compression, BooleanSupplier cancelled, CallOption... options)
      throws IOException, InterruptedException {
    return upload(client, command.descriptor(), reader, zeroCopy, compression, cancelled, options);
  }

  /**
   * Sends every batch of {@code reader}; the server commits only if all of them arrive. Takes any
   * descriptor, so tests can send ones a {@link PutCommand} never writes.
   *
   * @param zeroCopy send the reader's buffers without copying; only for readers that load every
   *     batch into fresh buffers (DuckDB's export, a FlightStream), never for ones that refill in place
   * @param compression how the batch bodies travel (see {@link IpcCompression})
   * @param cancelled checked between batches; when true the upload is aborted and the server rolls back
   * @return the stats of what was sent, with the server's row count as {@code rows}
   */
  public static StreamStats upload(FlightClient client, FlightDescriptor descriptor, ArrowReader reader,
      boolean zeroCopy, IpcCompression compression, BooleanSupplier cancelled, CallOption... options)
      throws IOException, InterruptedException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    // Flight sends dictionaries once, with the schema, and a reader knows them once it has read a batch
    boolean dictionaryEncoded = DictionaryColumns.present(root.getSchema());
    boolean loaded = dictionaryEncoded && reader.loadNextBatch();
    boolean more = loaded || !dictionaryEncoded;
    SyncPutListener results = new SyncPutListener();
    FlightClient.ClientStreamListener stream = client.startPut(descriptor, root, reader, results, options);
    StreamStats.Counter counter = new StreamStats.Counter();
    try (DictionarySnapshot sent = dictionaryEncoded
        ? new DictionarySnapshot(reader, DictionaryColumns.ids(root.getSchema())) : null) {
      if (sent != null) {
        sent.take(reader);
      }
      stream.setUseZeroCopy(zeroCopy);
      SentCompression compressing = FlightCompression.compressSent(stream, root, compression);
      ReadyGate gate = new ReadyGate(stream);
      // SyncPutListener.isCancelled() is true once the server has ended the call: a call refused
      // up front (no login, wrong role) never becomes ready, and waiting for it would hang forever
      BooleanSupplier stop = () -> cancelled.getAsBoolean() || results.isCancelled();
      while (more && (loaded || reader.loadNextBatch())) {
        loaded = false;
        if (sent != null) {
          sent.requireSame(reader);
        }
        if (!gate.awaitReady(stop)) {
          if (!cancelled.getAsBoolean()) {
            stream.getResult(); // throws the status the server ended the call with
            throw CallStatus.INTERNAL.withDescription("the server ended the upload before all batches were sent")
                .toRuntimeException();
          }
          throw CallStatus.CANCELLED.withDescription("upload cancelled").toRuntimeException();
        }
        stream.putNext();
        compressing.sent(root.getRowCount());
        counter.add(root);
      }
      stream.completed();
    } catch (IOException | InterruptedException | RuntimeException e) {
      stream.error(e);
      try {
        stream.getResult();
      } catch (RuntimeException serverSide) {
        if (serverSide != e) {
          e.addSuppressed(serverSide);
        }
      }
      results.close();
      throw e;
    }
    stream.getResult();
    long serverRows = serverRowCount(results);
    StreamStats sent = counter.finish();
    if (serverRows >= 0 && serverRows != sent.rows()) {
      throw new IllegalStateException("sent " + sent.rows() + " rows but the server wrote " + serverRows);
    }
    return sent;
  }

  private static long serverRowCount(SyncPutListener results) throws InterruptedException {
    try (SyncPutListener listener = results) {
      PutResult result;
      try {
        result = listener.read();
      } catch (java.util.concurrent.ExecutionException e) {
        throw CallStatus.INTERNAL.withDescription("reading the server's PUT result failed: " + e.getCause())
            .withCause(e.getCause()).toRuntimeException();
      }
      if (result == null) {
        return -1;
      }
      try (PutResult owned = result) {
        ArrowBuf metadata = owned.getApplicationMetadata();
        if (metadata == null) {
          return -1;
        }
        byte[] bytes = new byte[(int) metadata.readableBytes()];
        metadata.getBytes(0, bytes);
        return PutOutcome.rowsIn(bytes);
      }
    }
  }
}
