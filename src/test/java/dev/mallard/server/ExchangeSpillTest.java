package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.testing.ChaosProxy;
import dev.mallard.testing.HeldReadsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClient.ExchangeReaderWriter;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EXCHANGE with the clients that deadlocked it: they write every batch, close their side, and
 * only then read. The server must go on consuming their input, keeping output in memory up to its
 * budget (1 MiB here) and in a spill file beyond it, and must delete that file however the call ends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExchangeSpillTest extends ServerTestBase {
  private static final int ROWS = 6_000_000;
  private static final int BATCH = 65_536;
  /** The rows writeEverything writes, as a query a streaming client reads them from. */
  private static final String INPUT_SQL = "SELECT range AS id, range / 2 AS value FROM range(" + ROWS + ")";
  /** Arrow bytes of the ROWS rows an echo takes in and gives back: two 8-byte columns. */
  private static final long STREAM_BYTES = (long) ROWS * 16;
  private static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)),
      Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

  @TempDir
  Path spillDir;

  @Override
  protected ServerConfig config() {
    return TestServers.config().withExchangeMemory(1024 * 1024).withSpillDir(spillDir);
  }

  /** Writes ROWS rows (id 0..ROWS-1, value id / 2) and closes the writing side, reading nothing. */
  private void writeEverything(ExchangeReaderWriter exchange) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      exchange.getWriter().start(root);
      BigIntVector id = (BigIntVector) root.getVector("id");
      Float8Vector value = (Float8Vector) root.getVector("value");
      for (int start = 0; start < ROWS; start += BATCH) {
        int rows = Math.min(BATCH, ROWS - start);
        root.allocateNew();
        for (int i = 0; i < rows; i++) {
          id.setSafe(i, start + i);
          value.setSafe(i, (start + i) / 2.0);
        }
        root.setRowCount(rows);
        exchange.getWriter().putNext();
      }
      exchange.getWriter().completed();
    }
  }

  private static FlightDescriptor echo() {
    return FlightDescriptor.command("echo".getBytes(StandardCharsets.UTF_8));
  }

  private List<Path> spillFiles() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.toList();
    }
  }

  /** Waits (up to 30 s) until the spill directory is empty. */
  private void awaitNoSpillFiles() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!spillFiles().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "spill files left: " + spillFiles());
      Thread.sleep(10);
    }
  }

  @Test
  void aPlainClientThatWritesEverythingBeforeReadingGetsEveryRowBackInOrder() throws Exception {
    // with gRPC's reads held, the output waits at the server as it would for pyarrow's client
    try (HeldReadsClient held = new HeldReadsClient(allocator, server.location());
        ExchangeReaderWriter exchange = held.flight().doExchange(echo());
        WatchService watch = FileSystems.getDefault().newWatchService()) {
      WatchKey created = spillDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      writeEverything(exchange);
      assertSpillingBegan(watch, created, () -> "");
      held.release();
      FlightStream reader = exchange.getReader();
      long rows = 0;
      double valueSum = 0;
      while (reader.next()) {
        BigIntVector id = (BigIntVector) reader.getRoot().getVector("id");
        Float8Vector value = (Float8Vector) reader.getRoot().getVector("value");
        for (int i = 0; i < reader.getRoot().getRowCount(); i++) {
          assertEquals(rows, id.get(i), "rows out of order");
          valueSum += value.get(i);
          rows++;
        }
      }
      assertEquals(ROWS, rows);
      assertEquals((double) ROWS * (ROWS - 1) / 4, valueSum);
      exchange.getResult();
    }
    // 96 MB went through while nothing was read: memory held the 1 MiB budget and the few messages
    // gRPC and Flight keep in flight (8-24 MiB seen, each 1 MB body in a 2 MiB buffer; 24 MiB once broke the
    // bound at 48 MB of input, so the stream is long enough that half of it is far above that), not the stream
    long serverPeak = server.allocator().getPeakMemoryAllocation();
    assertTrue(serverPeak < STREAM_BYTES / 2, "the server peaked at " + serverPeak + " bytes for " + STREAM_BYTES + " bytes of input");
    // a successful exchange deletes its spill file before it tells the client it is done
    assertEquals(List.of(), spillFiles());
  }

  /**
   * Asserts that a spill file was created: a creation seen, not a file present, since a file polled for
   * could be missed.
   */
  private void assertSpillingBegan(WatchService watch, WatchKey created, Supplier<String> context) throws Exception {
    assertTrue(spillFiles().size() + created.pollEvents().size() > 0 || watch.poll(60, TimeUnit.SECONDS) != null,
        () -> "no spill file appeared" + context.get());
  }

  @Test
  void aStreamingClientNeverSpills() throws Exception {
    // a budget a lazy client would overflow several times over; one that reads while it writes stays under it
    try (MallardServer streaming = TestServers.start(TestServers.config()
            .withExchangeMemory(8L * 1024 * 1024).withSpillDir(spillDir));
        MallardClient streamingClient = MallardClient.connect(streaming.location(), allocator);
        WatchService watch = FileSystems.getDefault().newWatchService();
        QueryExport input = local.export(INPUT_SQL,
            allocator, BATCH)) {
      WatchKey created = spillDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      long[] rows = {0};
      streamingClient.exchange("echo", input.reader(), batch -> rows[0] += batch.getRowCount());
      assertEquals(ROWS, rows[0]);
      assertEquals(List.of(), created.pollEvents(), "a streaming client's exchange created a spill file");
      TestServers.assertNoArrowMemory(streaming.allocator());
    }
  }

  @Test
  void aMallardClientThatConsumesSlowlyHoldsAFewBatchesNotTheOutput() throws Exception {
    // Arrow Java's DoExchange reader asks gRPC for the next message as each one arrives, so a slow consumer
    // would have the whole output piling up in the client; ours reads ahead a few batches, as DoGet does,
    // and the rest waits at the server (spilled beyond its 1 MiB budget)
    try (BufferAllocator clientMemory = allocator.newChildAllocator("slow-client", 0, Long.MAX_VALUE);
        MallardClient slow = MallardClient.connect(server.location(), clientMemory);
        QueryExport input = local.export(INPUT_SQL,
            allocator, BATCH)) {
      long[] rows = {0};
      slow.exchange("echo", input.reader(), batch -> {
        rows[0] += batch.getRowCount();
        sleep(20);
      });
      assertEquals(ROWS, rows[0]);
      long peak = clientMemory.getPeakMemoryAllocation();
      assertTrue(peak < STREAM_BYTES / 4, "the client held " + peak + " bytes of a " + STREAM_BYTES + "-byte output at once");
    }
  }

  /** The premise of client/ExchangeReadAhead: should an Arrow upgrade end it, this says so. */
  @Test
  void arrowJavasOwnExchangeReaderStillTakesInOutputNobodyReads() throws Exception {
    try (BufferAllocator clientMemory = allocator.newChildAllocator("plain-client", 0, Long.MAX_VALUE);
        FlightClient flight = FlightClient.builder(clientMemory, server.location()).build();
        ExchangeReaderWriter exchange = flight.doExchange(echo())) {
      writeEverything(exchange);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (clientMemory.getAllocatedMemory() < STREAM_BYTES / 2) {
        assertTrue(System.nanoTime() < deadline, "Arrow Java's doExchange no longer reads ahead without bound ("
            + clientMemory.getAllocatedMemory() + " bytes taken in): ExchangeReadAhead's premise is gone, re-check it");
        Thread.sleep(10);
      }
      while (exchange.getReader().next()) {
        // drain, so the call ends cleanly
      }
      exchange.getResult();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cancels", "vanishes"})
  void aClientThatLeavesAfterSpillingBeganLeavesNoFileAndNoMemory(String how) throws Exception {
    // the client's reads are held, so the output waits at the server; the proxy is there to be cut
    try (ChaosProxy proxy = new ChaosProxy(server.port());
        HeldReadsClient held = new HeldReadsClient(allocator, proxy.location())) {
      FlightRuntimeException ended = assertThrows(FlightRuntimeException.class, () -> {
        try (ExchangeReaderWriter exchange = held.flight().doExchange(echo());
            WatchService watch = FileSystems.getDefault().newWatchService()) {
          WatchKey created = spillDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
          writeEverything(exchange);
          // the counters say how far the stream got if spilling never began
          assertSpillingBegan(watch, created, () -> "; through the proxy: " + proxy.bytesToServer()
              + " bytes to the server, " + proxy.bytesFromServer() + " back");
          if (how.equals("cancels")) {
            exchange.getReader().cancel("the client changed its mind", null);
          } else {
            proxy.cut();
          }
          // Arrow's reader drains what reached the client when it closes, so the held reads go on
          held.release();
          exchange.getResult();
        }
      });
      assertEquals(how.equals("cancels") ? FlightStatusCode.CANCELLED : FlightStatusCode.UNAVAILABLE,
          ended.status().code(), ended.getMessage());
    }
    awaitNoSpillFiles();
    TestServers.assertNoArrowMemory(server.allocator());
    try (QueryExport rows = local.export("SELECT range AS id FROM range(50000)", allocator, 8192)) {
      assertEquals(50000, client.exchange("echo", rows.reader(), batch -> { }).rows());
    }
  }

  @Test
  void aSpillDirectoryThatCannotBeWrittenEndsTheCallWithTheReason() throws Exception {
    Path notADirectory = Files.writeString(spillDir.resolve("a-file"), "in the way");
    try (MallardServer other = TestServers.start(TestServers.config().withExchangeMemory(0).withSpillDir(notADirectory));
        FlightClient flight = FlightClient.builder(allocator, other.location()).build()) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
        try (ExchangeReaderWriter exchange = flight.doExchange(echo())) {
          writeEverything(exchange);
          exchange.getResult();
        }
      });
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code(), e.getMessage());
      assertTrue(e.getMessage().contains("could not spill exchange output to " + notADirectory), e.getMessage());
      TestServers.assertNoArrowMemory(other.allocator());
    }
  }

  @Test
  void theSpillDirectoryIsCreatedWhenMissing() throws Exception {
    Path nested = spillDir.resolve("not-yet");
    try (MallardServer other = TestServers.start(TestServers.config().withExchangeMemory(0).withSpillDir(nested));
        FlightClient flight = FlightClient.builder(allocator, other.location()).build();
        ExchangeReaderWriter exchange = flight.doExchange(echo())) {
      writeEverything(exchange);
      long rows = 0;
      while (exchange.getReader().next()) {
        rows += exchange.getReader().getRoot().getRowCount();
      }
      assertEquals(ROWS, rows);
      assertTrue(Files.isDirectory(nested));
      try (Stream<Path> left = Files.list(nested)) {
        assertEquals(0, left.count());
      }
      TestServers.assertNoArrowMemory(other.allocator());
    }
  }
}
