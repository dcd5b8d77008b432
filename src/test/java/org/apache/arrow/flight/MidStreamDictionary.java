package org.apache.arrow.flight;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;

/**
 * Sends a dictionary batch in the middle of an upload, as pyarrow (Arrow C++) does when a
 * dictionary changes between batches (a replacement, or a delta with
 * {@code emit_dictionary_deltas}). Arrow Java's Flight writes dictionaries only in {@code start},
 * so this test helper lives in its package to reach the message writer it keeps to itself.
 */
public final class MidStreamDictionary {
  private MidStreamDictionary() {}

  /** Writes {@code values} as dictionary {@code id} on {@code stream}, now, before its next batch. */
  public static void send(OutboundStreamListener stream, long id, FieldVector values, boolean delta) throws Exception {
    OutboundStreamListenerImpl writer = (OutboundStreamListenerImpl) stream;
    VectorSchemaRoot view = new VectorSchemaRoot(List.of(values.getField()), List.of(values), values.getValueCount());
    try (ArrowDictionaryBatch batch =
            new ArrowDictionaryBatch(id, new VectorUnloader(view, true, true).getRecordBatch(), delta);
        ArrowMessage message = new ArrowMessage(batch, writer.option)) {
      writer.responseObserver.onNext(message);
    }
  }
}
