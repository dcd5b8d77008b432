package dev.mallard.exchange;

import org.apache.arrow.vector.VectorSchemaRoot;

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
}
