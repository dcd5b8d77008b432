package dev.mallard.exchange;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Sends every batch back unchanged: the cost of the transport alone. */
public final class EchoExchanger implements Exchanger {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String description() {
    return "Returns every batch unchanged (measures pure transport cost)";
  }

  @Override
  public ExchangeSession open(ExchangeContext context) {
    return new ExchangeSession() {
      private boolean sent;

      @Override
      public void onBatch(VectorSchemaRoot input, BatchSink output) throws Exception {
        output.send(input);
        sent = true;
      }

      @Override
      public void onEnd(BatchSink output) throws Exception {
        // an input of zero batches still answers with its schema
        if (!sent) {
          try (VectorSchemaRoot empty = Batches.empty(context.inputSchema(), context.allocator())) {
            output.send(empty);
          }
        }
      }
    };
  }
}
