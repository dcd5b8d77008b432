package dev.mallard.exchange;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/** Where an exchanger's output goes. */
public interface BatchSink {
  /**
   * Sends {@code batch}'s current contents as the next output batch. The sink takes its own
   * references to the buffers, so the caller keeps ownership of {@code batch} and may close or
   * reuse it as soon as this returns. Every batch of one exchange must have the same schema.
   * Blocks while the receiver is slow, which is how backpressure reaches the exchanger.
   */
  void send(VectorSchemaRoot batch) throws Exception;

  /**
   * Sends a batch with dictionary-encoded columns (a DuckDB ENUM in a query's result), whose
   * dictionaries {@code dictionaries} holds. The dictionaries go out once, with the first batch,
   * so every later batch must use the same ones. A sink that cannot send dictionaries ignores them.
   */
  default void send(VectorSchemaRoot batch, DictionaryProvider dictionaries) throws Exception {
    send(batch);
  }
}
