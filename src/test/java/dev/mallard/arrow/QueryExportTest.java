package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mallard.testing.LocalDuckDb;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;

class QueryExportTest {
  @Test
  void exportsEveryBatchOfAQuery() throws Exception {
    try (BufferAllocator allocator = AllocatorKind.UNSAFE.newRoot(); LocalDuckDb db = new LocalDuckDb()) {
      long rows = 0;
      int batches = 0;
      try (QueryExport export = db.export(dev.mallard.server.GetPutRoundTripTest.ALL_TYPES, allocator, 1000)) {
        while (export.reader().loadNextBatch()) {
          rows += export.reader().getVectorSchemaRoot().getRowCount();
          batches++;
        }
      }
      assertEquals(5000, rows);
      assertEquals(5, batches);
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
