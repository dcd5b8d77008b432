package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.testing.LocalDuckDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 32 clients on loopback mixing PUT, GET, EXCHANGE and TRANSFER (relay and direct) against two
 * servers for a fixed time: no errors, every row accounted for (row counts and checksums), no client
 * ever stalled (no gap between two of its completed operations longer than {@link #STALL_LIMIT}),
 * throughput above a floor only a stall breaks, and server memory bounded per call and back to
 * zero at the end. Runs 5 s by default; {@code -Dmallard.soak.seconds=60} for the full soak.
 */
@Timeout(900)
class SoakTest {
  static final int CLIENTS = 32;
  static final long SECONDS = Long.getLong("mallard.soak.seconds", 5);
  // a call holds a few batches of at most 8192 rows (~0.5 MB each), never a whole table
  static final long PEAK_PER_CALL_BOUND = 32L * 1024 * 1024;
  // one operation takes well under a second on a quiet machine and ~10 s with 32 clients on 2 busy
  // cores; a minute without one completing is a hang (lost wakeup, flow control that never resumes)
  static final Duration STALL_LIMIT = Duration.ofSeconds(Long.getLong("mallard.soak.stall.seconds", 60));
  // ~1M rows/s quiet, ~85k rows/s on 2 cores shared with other builds: only a stall drops below this
  static final long MIN_ROWS_PER_SECOND = 10_000;

  enum Op { PUT, GET, EXCHANGE, TRANSFER }

  /** One client's progress: what it is doing, since when, and its longest wait for an operation to finish. */
  static final class Progress {
    private volatile Op current;
    private volatile long lastCompleted;
    private volatile long completed;
    private long longestGap;
    private Op longestGapOp;

    Progress(long start) {
      lastCompleted = start;
    }

    void starting(Op op) {
      current = op;
    }

    void completed(Op op) {
      long now = System.nanoTime();
      if (now - lastCompleted > longestGap) {
        longestGap = now - lastCompleted;
        longestGapOp = op;
      }
      lastCompleted = now;
      completed++;
      current = null;
    }

    String describe() {
      return completed + " operations, longest gap " + TimeUnit.NANOSECONDS.toMillis(longestGap) + " ms ("
          + longestGapOp + ")" + (current == null ? "" : ", now in " + current + " for "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCompleted) + " ms");
    }
  }

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
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(SECONDS);
    Progress[] progress = new Progress[CLIENTS];
    List<String> stalled = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < CLIENTS; w++) {
        int worker = w;
        progress[w] = new Progress(started);
        workers.add(pool.submit(() -> {
          try {
            runWorker(worker, one, two, allocator, deadline, ops, rowsMoved, progress[worker]);
          } catch (Throwable t) {
            errors.add(new AssertionError("client " + worker + ": " + t, t));
          }
        }));
      }
      // a client still busy a stall limit after the end is hung: say which and where, rather than wait for @Timeout
      long giveUp = deadline + STALL_LIMIT.toNanos();
      for (int w = 0; w < CLIENTS; w++) {
        try {
          workers.get(w).get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException hung) {
          stalled.add("client " + w + ": " + progress[w].describe());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long peakPerCall = Math.max(one.takePeakCallMemory(), two.takePeakCallMemory());
    long serverMemoryPeak = one.allocator().getPeakMemoryAllocation() + two.allocator().getPeakMemoryAllocation();
    System.out.printf("soak: %d clients, %.1f s, ops %s=%d %s=%d %s=%d %s=%d, %d rows moved (%.0f rows/s),"
            + " peak per call %.1f MB, peak server memory %.1f MB, errors %d%n",
        CLIENTS, elapsed, Op.PUT, ops.get(0), Op.GET, ops.get(1), Op.EXCHANGE, ops.get(2), Op.TRANSFER, ops.get(3),
        rowsMoved.get(), rowsMoved.get() / elapsed, peakPerCall / 1e6, serverMemoryPeak / 1e6, errors.size());
    int slowest = 0;
    for (int w = 1; w < CLIENTS; w++) {
      slowest = progress[w].longestGap > progress[slowest].longestGap ? w : slowest;
    }
    System.out.println("soak: slowest client " + slowest + ": " + progress[slowest].describe());
    Throwable failure = null;
    try {
      assertTrue(stalled.isEmpty(), stalled.size() + " clients hung: " + stalled);
      if (!errors.isEmpty()) {
        AssertionError failed = new AssertionError(errors.size() + " of " + CLIENTS + " clients failed; first: "
            + errors.peek());
        errors.stream().limit(5).forEach(failed::addSuppressed);
        throw failed;
      }
      for (int w = 0; w < CLIENTS; w++) {
        assertTrue(progress[w].longestGap < STALL_LIMIT.toNanos(),
            "client " + w + " stalled: " + progress[w].describe());
      }
      assertTrue(rowsMoved.get() / elapsed >= MIN_ROWS_PER_SECOND,
          String.format("%.0f rows/s moved, below the floor of %d", rowsMoved.get() / elapsed, MIN_ROWS_PER_SECOND));
      assertTrue(peakPerCall > 0 && peakPerCall < PEAK_PER_CALL_BOUND, "peak per call " + peakPerCall);
      // each client has at most one call in flight on each server
      assertTrue(serverMemoryPeak < 2L * CLIENTS * PEAK_PER_CALL_BOUND, "peak server memory " + serverMemoryPeak);
      TestServers.assertNoArrowMemory(one.allocator());
      TestServers.assertNoArrowMemory(two.allocator());
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      try {
        one.close();
        two.close();
        TestServers.assertNoArrowMemory(allocator);
        allocator.close();
      } catch (Throwable cleanup) {
        // a hung client still holds buffers: keep the reason it hung in front
        if (failure == null) {
          throw cleanup;
        }
        failure.addSuppressed(cleanup);
      }
    }
  }

  /** One client's loop; every operation checks its own result, and the end checks the client's whole table. */
  private static void runWorker(int worker, MallardServer one, MallardServer two, BufferAllocator allocator,
      long deadline, AtomicLongArray ops, AtomicLong rowsMoved, Progress progress) throws Exception {
    String table = "soak_" + worker;
    String copy = "copy_" + worker;
    try (MallardClient source = MallardClient.connect(one.location(), allocator);
        MallardClient target = MallardClient.connect(two.location(), allocator);
        LocalDuckDb local = new LocalDuckDb()) {
      long stored = 0;
      for (int i = 0; i < Op.values().length || System.nanoTime() < deadline; i++) {
        Op op = Op.values()[i % Op.values().length];
        progress.starting(op);
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
        progress.completed(op);
      }
      // every row this client ever put is there exactly once, and nothing else
      assertEquals(source.checksumQuery(rows(worker, 0, stored)), source.checksumTable(table), "final table");
    }
  }
}
