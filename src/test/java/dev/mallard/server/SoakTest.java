package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.testing.LocalDuckDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 32 clients on loopback mixing PUT, GET, EXCHANGE and TRANSFER (relay and direct) against two
 * servers for a fixed time: no errors, every row accounted for, and server memory bounded per call
 * and back to zero at the end. Runs 5 s by default; {@code -Dmallard.soak.seconds=60} for the full soak.
 */
@Timeout(900)
class SoakTest {
  static final int CLIENTS = 32;
  static final long SECONDS = Long.getLong("mallard.soak.seconds", 5);
  // a call holds a few batches of at most 8192 rows (~0.5 MB each), never a whole table
  static final long PEAK_PER_CALL_BOUND = 32L * 1024 * 1024;

  enum Op { PUT, GET, EXCHANGE, TRANSFER }

  /** Rows {@code [from, from + count)} of worker {@code w}: the same SQL makes them and checks them. */
  static String rows(int worker, long from, long count) {
    return "SELECT range AS id, " + worker + " AS worker, md5(range::VARCHAR) AS payload"
        + " FROM range(" + from + ", " + (from + count) + ")";
  }

  @Test
  void thirtyTwoClientsMixingEveryOperation() throws Exception {
    BufferAllocator allocator = AllocatorKind.NETTY.newRoot();
    MallardServer one = TestServers.start();
    MallardServer two = TestServers.start();
    AtomicLongArray ops = new AtomicLongArray(Op.values().length);
    AtomicLong rowsMoved = new AtomicLong();
    AtomicLong serverMemoryPeak = new AtomicLong();
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        serverMemoryPeak.accumulateAndGet(
            one.allocator().getAllocatedMemory() + two.allocator().getAllocatedMemory(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "soak-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < CLIENTS; w++) {
        int worker = w;
        workers.add(pool.submit(() -> {
          try {
            runWorker(worker, one, two, allocator, deadline, ops, rowsMoved);
          } catch (Throwable t) {
            errors.add(new AssertionError("client " + worker + ": " + t, t));
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
      sampler.interrupt();
      sampler.join();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long peakPerCall = Math.max(one.takePeakCallMemory(), two.takePeakCallMemory());
    System.out.printf("soak: %d clients, %.1f s, ops %s=%d %s=%d %s=%d %s=%d, %d rows moved,"
            + " peak per call %.1f MB, peak server memory %.1f MB, errors %d%n",
        CLIENTS, elapsed, Op.PUT, ops.get(0), Op.GET, ops.get(1), Op.EXCHANGE, ops.get(2), Op.TRANSFER, ops.get(3),
        rowsMoved.get(), peakPerCall / 1e6, serverMemoryPeak.get() / 1e6, errors.size());
    try {
      if (!errors.isEmpty()) {
        AssertionError failure = new AssertionError(errors.size() + " of " + CLIENTS + " clients failed; first: "
            + errors.peek());
        errors.stream().limit(5).forEach(failure::addSuppressed);
        throw failure;
      }
      for (int i = 0; i < ops.length(); i++) {
        assertTrue(ops.get(i) >= CLIENTS, Op.values()[i] + " ran only " + ops.get(i) + " times");
      }
      assertTrue(peakPerCall > 0 && peakPerCall < PEAK_PER_CALL_BOUND, "peak per call " + peakPerCall);
      TestServers.assertNoArrowMemory(one.allocator());
      TestServers.assertNoArrowMemory(two.allocator());
    } finally {
      one.close();
      two.close();
      TestServers.assertNoArrowMemory(allocator);
      allocator.close();
    }
  }

  /** One client's loop; every operation checks its own result, and the end checks the client's whole table. */
  private static void runWorker(int worker, MallardServer one, MallardServer two, BufferAllocator allocator,
      long deadline, AtomicLongArray ops, AtomicLong rowsMoved) throws Exception {
    String table = "soak_" + worker;
    String copy = "copy_" + worker;
    try (MallardClient source = MallardClient.connect(one.location(), allocator);
        MallardClient target = MallardClient.connect(two.location(), allocator);
        LocalDuckDb local = new LocalDuckDb()) {
      long stored = 0;
      for (int i = 0; i < Op.values().length || System.nanoTime() < deadline; i++) {
        Op op = Op.values()[i % Op.values().length];
        switch (op) {
          case PUT -> {
            long count = 2000 + (i * 7919L + worker * 104729L) % 8000;
            try (QueryExport input = local.export(rows(worker, stored, count), allocator, 2048)) {
              assertEquals(count, source.put(table, input.reader(), stored == 0 ? PutMode.CREATE : PutMode.APPEND)
                  .rows());
            }
            stored += count;
            rowsMoved.addAndGet(count);
          }
          case GET -> {
            long seen = 0;
            long idSum = 0;
            try (FlightStream stream = source.get("SELECT id FROM " + table, 4096)) {
              while (stream.next()) {
                BigIntVector ids = (BigIntVector) stream.getRoot().getVector(0);
                for (int r = 0; r < ids.getValueCount(); r++) {
                  idSum += ids.get(r);
                }
                seen += ids.getValueCount();
              }
            }
            assertEquals(stored, seen, "GET row count");
            assertEquals(stored * (stored - 1) / 2, idSum, "GET id sum");
            rowsMoved.addAndGet(seen);
          }
          case EXCHANGE -> {
            long[] seen = {0, 0};
            try (QueryExport input = local.export(rows(worker, 0, 10_000), allocator, 2048)) {
              source.exchange("echo", input.reader(), batch -> {
                BigIntVector ids = (BigIntVector) batch.getVector("id");
                for (int r = 0; r < ids.getValueCount(); r++) {
                  seen[1] += ids.get(r);
                }
                seen[0] += batch.getRowCount();
              });
            }
            assertEquals(10_000, seen[0], "EXCHANGE row count");
            assertEquals(10_000L * 9_999 / 2, seen[1], "EXCHANGE id sum");
            rowsMoved.addAndGet(seen[0]);
          }
          case TRANSFER -> {
            String query = "SELECT * FROM " + table;
            long moved = (i / 4) % 2 == 0
                ? source.transferDirect(target, query, copy, PutMode.REPLACE, 8192).rows()
                : source.transferRelay(target, query, copy, PutMode.REPLACE, 8192).rows();
            assertEquals(stored, moved, "TRANSFER row count");
            assertEquals(source.checksumTable(table), target.checksumTable(copy), "TRANSFER content");
            rowsMoved.addAndGet(moved);
          }
          default -> throw new IllegalStateException(op.toString());
        }
        ops.incrementAndGet(op.ordinal());
      }
      // every row this client ever put is there exactly once, and nothing else
      assertEquals(source.checksumQuery(rows(worker, 0, stored)), source.checksumTable(table), "final table");
    }
  }
}
