package dev.mallard.exchange.testplugin;

import dev.mallard.exchange.BatchSink;
import dev.mallard.exchange.ExchangeContext;
import dev.mallard.exchange.ExchangeSession;
import dev.mallard.exchange.Exchanger;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A plugin as a third party would write one: registered only through META-INF/services. */
public final class RowCountExchanger implements Exchanger {
  @Override
  public String name() {
    return "test_row_count";
  }

  @Override
  public String description() {
    return "Test plugin: answers with the number of input rows";
  }

  @Override
  public ExchangeSession open(ExchangeContext context) {
    return new ExchangeSession() {
      private long rows;

      @Override
      public void onBatch(VectorSchemaRoot input, BatchSink output) {
        rows += input.getRowCount();
      }

      @Override
      public void onEnd(BatchSink output) throws Exception {
        BigIntVector count = new BigIntVector("rows", context.allocator());
        try (VectorSchemaRoot result = new VectorSchemaRoot(List.of(count))) {
          count.allocateNew(1);
          count.set(0, rows);
          result.setRowCount(1);
          output.send(result);
        }
      }
    };
  }
}
