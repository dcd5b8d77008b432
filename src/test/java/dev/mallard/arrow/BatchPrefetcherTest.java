package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.testing.FailingReader;
import dev.mallard.testing.LocalDuckDb;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchPrefetcherTest {
  BufferAllocator allocator;
  LocalDuckDb db;
  ExecutorService executor;

  @BeforeEach
  void open() throws Exception {
    allocator = AllocatorKind.NETTY.newRoot();
    db = new LocalDuckDb();
    executor = Executors.newCachedThreadPool();
  }

  @AfterEach
  void close() throws Exception {
    executor.shutdownNow();
    db.close();
    assertEquals(0, allocator.getAllocatedMemory());
    allocator.close();
  }

  @Test
  void deliversEveryBatchInOrder() throws Exception {
    long sum = 0;
    long rows = 0;
    try (QueryExport export = db.export("SELECT range AS v FROM range(100000)", allocator, 1000);
        VectorSchemaRoot target = VectorSchemaRoot.create(export.reader().getVectorSchemaRoot().getSchema(), allocator);
        BatchPrefetcher ahead = new BatchPrefetcher(export.reader(), 2, executor)) {
      long expectedNext = 0;
      while (ahead.loadNext(target)) {
        BigIntVector v = (BigIntVector) target.getVector(0);
        for (int i = 0; i < target.getRowCount(); i++) {
          assertEquals(expectedNext++, v.get(i));
          sum += v.get(i);
        }
        rows += target.getRowCount();
      }
      assertFalse(ahead.loadNext(target));
    }
    assertEquals(100000, rows);
    assertEquals(100000L * 99999 / 2, sum);
  }

  @Test
  void aReaderFailureReachesTheConsumer() throws Exception {
    try (QueryExport export = db.export("SELECT range AS v FROM range(100000)", allocator, 1000);
        VectorSchemaRoot target = VectorSchemaRoot.create(export.reader().getVectorSchemaRoot().getSchema(), allocator)) {
      FailingReader failing = new FailingReader(allocator, export.reader(), 3);
      try (BatchPrefetcher ahead = new BatchPrefetcher(failing, 2, executor)) {
        IOException e = assertThrows(IOException.class, () -> {
          while (ahead.loadNext(target)) {
            // consume until the failure arrives
          }
        });
        assertTrue(e.getMessage().contains("after 3 batches"), e.getMessage());
      }
    }
  }

  @Test
  void closingEarlyFreesTheBatchesReadAhead() throws Exception {
    try (QueryExport export = db.export("SELECT range AS v FROM range(1000000)", allocator, 1000);
        VectorSchemaRoot target = VectorSchemaRoot.create(export.reader().getVectorSchemaRoot().getSchema(), allocator)) {
      long readAhead;
      try (BatchPrefetcher ahead = new BatchPrefetcher(export.reader(), 4, executor)) {
        assertTrue(ahead.loadNext(target));
        assertTrue(ahead.queueFilled.await(30, TimeUnit.SECONDS), "the reading thread never got 4 batches ahead");
        readAhead = allocator.getAllocatedMemory();
      }
      // the 4 queued batches are freed by close(), not by closing the reader later
      assertTrue(allocator.getAllocatedMemory() < readAhead,
          "close() kept " + allocator.getAllocatedMemory() + " of " + readAhead + " bytes");
    }
  }
}
