package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EchoExchangerTest {
  private ExchangeHarness harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = new ExchangeHarness();
    harness.generate("src", 200_000);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void everyBatchComesBackUnchanged() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run = harness.run(new EchoExchanger(), Map.of(), "SELECT * FROM src", sink);

      assertEquals(run.batchesIn(), sink.batchRows.size(), "one output batch per input batch");
      assertEquals(run.inputSchema(), sink.schema());
      assertEquals(200_000, sink.rows());
      harness.assertSameRows("SELECT * FROM out", "SELECT * FROM src");
    }
  }

  @Test
  void zeroBatchesStillAnswerWithTheInputSchema() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run = harness.run(new EchoExchanger(), Map.of(), "SELECT * FROM src WHERE false", sink);

      assertEquals(0, run.batchesIn());
      assertEquals(1, sink.batchRows.size());
      assertEquals(0, sink.rows());
      ExchangeHarness.assertSameColumns(run.inputSchema(), sink.schema());
    }
  }

  @Test
  void anEmptyBatchComesBackEmpty() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run =
          harness.run(new EchoExchanger(), Map.of(), "SELECT * FROM src WHERE false", true, sink);

      assertEquals(1, run.batchesIn());
      assertEquals(java.util.List.of(0), sink.batchRows);
      assertEquals(run.inputSchema(), sink.schema());
    }
  }
}
