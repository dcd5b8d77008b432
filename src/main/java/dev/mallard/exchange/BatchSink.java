package dev.mallard.exchange;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/** Where an exchanger's output goes. */
public interface BatchSink {
  /**
   * Sends {@code batch}'s current contents as the next output batch. The sink takes its own
   * references to the buffers, so the caller keeps ownership of {@code batch} and may close or
   * reuse it as soon as this returns. Every batch of one exchange must have the same schema.
   * The server's sink does not wait for the client to read: output it has not taken yet waits in
   * memory up to a budget, then in a spill file, so the exchanger keeps consuming input even for a
   * client that writes everything before it reads.
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
