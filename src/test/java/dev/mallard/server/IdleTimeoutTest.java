package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClient.ClientStreamListener;
import org.apache.arrow.flight.FlightClient.ExchangeReaderWriter;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that stop taking part, seen with plain Arrow Flight clients: with a 500 ms idle limit
 * each call ends with TIMED_OUT saying why, and the server lets go of everything and keeps serving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleTimeoutTest extends ServerTestBase {
  private static final Schema IDS = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));

  @TempDir
  Path spillDir;

  private FlightClient flight;

  @Override
  protected ServerConfig config() {
    return TestServers.config().withIdleTimeout(Duration.ofMillis(500)).withExchangeMemory(0).withSpillDir(spillDir);
  }

  private FlightClient flight() {
    if (flight == null) {
      flight = FlightClient.builder(allocator, server.location()).build();
    }
    return flight;
  }

  @AfterEach
  void closeFlightClient() throws Exception {
    if (flight != null) {
      flight.close();
    }
  }

  private static void assertTimedOut(FlightRuntimeException e) {
    assertEquals(FlightStatusCode.TIMED_OUT, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().contains("no progress for 500 ms; the client neither read nor wrote"), e.getMessage());
  }

  /** Everything the call held is released and the server still answers. */
  private void assertReleasedAndServing() throws Exception {
    TestServers.assertNoArrowMemory(server.allocator());
    try (Stream<Path> files = Files.list(spillDir)) {
      assertEquals(List.of(), files.toList(), "spill files left behind");
    }
    assertEquals("ok", client.health().get("status"));
    assertEquals(1000, client.get("SELECT * FROM range(1000)", 0, batch -> { }).rows());
  }

  private void writeBatches(ClientStreamListener writer, VectorSchemaRoot root, int batches) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    for (int b = 0; b < batches; b++) {
      root.allocateNew();
      for (int i = 0; i < 10_000; i++) {
        id.setSafe(i, b * 10_000L + i);
      }
      root.setRowCount(10_000);
      writer.putNext();
    }
  }

  @Test
  void anExchangeWhoseClientNeitherWritesNorReadsTimesOut() throws Exception {
    try (ExchangeReaderWriter exchange = flight().doExchange(
        FlightDescriptor.command("echo".getBytes(StandardCharsets.UTF_8)))) {
      // the client sent its descriptor and nothing else; next() waits for whatever the server says
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> exchange.getReader().next());
      assertTimedOut(e);
    }
    assertReleasedAndServing();
  }

  @Test
  void anExchangeWhoseClientStopsHalfwayWithSpilledOutputTimesOut() throws Exception {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(IDS, allocator);
        ExchangeReaderWriter exchange = flight().doExchange(
            FlightDescriptor.command("echo".getBytes(StandardCharsets.UTF_8)))) {
      exchange.getWriter().start(root);
      // with no memory budget all of it spills; then the client neither completes nor reads
      writeBatches(exchange.getWriter(), root, 20);
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, exchange::getResult);
      assertTimedOut(e);
    }
    assertReleasedAndServing();
  }

  @Test
  void aGetWhoseClientStopsReadingTimesOut() throws Exception {
    Ticket ticket = new Ticket("SELECT range AS id, md5(range::VARCHAR) AS h FROM range(5000000)"
        .getBytes(StandardCharsets.UTF_8));
    server.takePeakCallMemory();
    try (FlightStream stream = flight().getStream(ticket)) {
      // the schema arrives once the server is streaming; we then read nothing until the server has
      // given up on us, which it shows by closing the call's allocator (recording its peak)
      assertEquals(2, stream.getSchema().getFields().size());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.takePeakCallMemory() == 0) {
        assertTrue(System.nanoTime() < deadline, "the server never ended the stalled GET");
        Thread.sleep(10);
      }
      // the batches already on their way arrive first, then the status (HTTP/2 keeps them in order)
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
        while (stream.next()) {
          assertTrue(stream.getRoot().getRowCount() > 0);
        }
      });
      assertTimedOut(e);
    }
    assertReleasedAndServing();
  }

  @Test
  void aPutWhoseClientStopsWritingTimesOutAndCreatesNothing() throws Exception {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(IDS, allocator)) {
      ClientStreamListener put = flight().startPut(FlightDescriptor.path("stalled"), root, new AsyncPutListener());
      writeBatches(put, root, 3);
      // never completed: the server waits for more and gives up after the idle limit
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, put::getResult);
      assertTimedOut(e);
    }
    assertReleasedAndServing();
    FlightRuntimeException missing = assertThrows(FlightRuntimeException.class,
        () -> client.get("SELECT * FROM stalled", 0, batch -> { }));
    assertEquals(FlightStatusCode.NOT_FOUND, missing.status().code(), missing.getMessage());
  }
}
