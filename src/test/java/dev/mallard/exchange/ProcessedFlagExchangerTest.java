package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessedFlagExchangerTest {
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
  void everyRowComesBackWithProcessedTrue() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run = harness.run(new ProcessedFlagExchanger(), Map.of(), "SELECT * FROM src", sink);

      assertEquals(run.batchesIn(), sink.batchRows.size());
      assertEquals(withProcessed(run.inputSchema()), sink.schema());
      assertEquals(200_000, harness.queryLong("SELECT count(*) FROM out WHERE processed"));
      assertEquals(0, harness.queryLong("SELECT count(*) FROM out WHERE processed IS NOT TRUE"));
      harness.assertSameRows("SELECT * EXCLUDE (processed) FROM out", "SELECT * FROM src");
    }
  }

  @Test
  void zeroBatchesStillAnswerWithTheOutputSchema() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run =
          harness.run(new ProcessedFlagExchanger(), Map.of(), "SELECT * FROM src WHERE false", sink);

      assertEquals(0, run.batchesIn());
      assertEquals(List.of(0), sink.batchRows);
      ExchangeHarness.assertSameColumns(withProcessed(run.inputSchema()), sink.schema());
    }
  }

  @Test
  void anEmptyBatchComesBackEmptyWithTheFlagColumn() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run =
          harness.run(new ProcessedFlagExchanger(), Map.of(), "SELECT * FROM src WHERE false", true, sink);

      assertEquals(List.of(0), sink.batchRows);
      assertEquals(withProcessed(run.inputSchema()), sink.schema());
    }
  }

  @Test
  void passesTheInputVectorsThroughWithoutCopying() throws Exception {
    try (BufferAllocator allocator = harness.root.newChildAllocator("no-copy", 0, Long.MAX_VALUE)) {
      IntVector values = new IntVector("v", allocator);
      try (VectorSchemaRoot input = VectorSchemaRoot.of(values)) {
        values.allocateNew(3);
        for (int i = 0; i < 3; i++) {
          values.set(i, i * 7);
        }
        input.setRowCount(3);
        ExchangeContext context = new ExchangeContext(Map.of(), input.getSchema(), allocator, harness.exchangeConnection);
        List<String> seen = new ArrayList<>();
        try (ExchangeSession session = new ProcessedFlagExchanger().open(context)) {
          session.onBatch(input, batch -> {
            assertSame(values, batch.getVector("v"), "the input vector itself, not a copy");
            for (int i = 0; i < batch.getRowCount(); i++) {
              seen.add(batch.getVector("v").getObject(i) + "=" + batch.getVector("processed").getObject(i));
            }
          });
        }
        assertEquals(List.of("0=true", "7=true", "14=true"), seen);
      }
      assertEquals(0, allocator.getAllocatedMemory(), "the flag vector was not freed after send");
    }
  }

  @Test
  void rejectsAnInputThatAlreadyHasAProcessedColumn() throws Exception {
    Schema schema = new Schema(List.of(Field.nullable("Processed", new ArrowType.Bool())));
    try (BufferAllocator allocator = harness.root.newChildAllocator("reject", 0, Long.MAX_VALUE)) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
          new ProcessedFlagExchanger().open(new ExchangeContext(Map.of(), schema, allocator, harness.exchangeConnection)));
      assertTrue(error.getMessage().contains("'Processed'"), error.getMessage());
    }
  }

  private static Schema withProcessed(Schema input) {
    List<Field> fields = new ArrayList<>(input.getFields());
    fields.add(Field.nullable("processed", new ArrowType.Bool()));
    return new Schema(fields, input.getCustomMetadata());
  }
}
