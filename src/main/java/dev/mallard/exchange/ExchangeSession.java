package dev.mallard.exchange;

import org.apache.arrow.vector.VectorSchemaRoot;

/** One DoExchange call's worth of an {@link Exchanger}: batches in, batches out, in step. */
public interface ExchangeSession extends AutoCloseable {
  /**
   * Handles one incoming batch. {@code input} is only valid during this call (its buffers are
   * replaced by the next batch), so anything kept must be copied out or folded into state.
   */
  void onBatch(VectorSchemaRoot input, BatchSink output) throws Exception;

  /** The input has ended; emit whatever remains (an aggregate's result). */
  default void onEnd(BatchSink output) throws Exception {}

  @Override
  default void close() throws Exception {}
}
