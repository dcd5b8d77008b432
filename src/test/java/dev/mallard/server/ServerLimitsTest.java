package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.auth.MutableClock;
import dev.mallard.testing.LocalDuckDb;
import dev.mallard.client.MallardClient;
import java.time.Duration;
import java.time.Instant;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each bound on what a server holds: past it, RESOURCE_EXHAUSTED naming the limit, and the server keeps serving. */
class ServerLimitsTest {
  private BufferAllocator allocator;
  private MallardServer server;
  private MallardClient client;

  @BeforeEach
  void clientAllocator() {
    allocator = AllocatorKind.NETTY.newRoot();
  }

  private void start(ServerConfig config) throws Exception {
    server = TestServers.start(config);
    client = MallardClient.connect(server.location(), allocator);
  }

  @AfterEach
  void stop() throws Exception {
    assertEquals(42L, ((Number) scalar("SELECT 42::BIGINT")).longValue(), "the server keeps serving");
    client.close();
    TestServers.assertNoArrowMemory(server.allocator());
    server.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }

  private Object scalar(String sql) throws Exception {
    try (FlightStream stream = client.get(sql)) {
      assertTrue(stream.next());
      return stream.getRoot().getVector(0).getObject(0);
    }
  }

  private static FlightRuntimeException expect(FlightStatusCode code, String messagePart, Executable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
    assertEquals(code, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
    return e;
  }

  private void drain(String sql) throws Exception {
    try (FlightStream stream = client.get(sql)) {
      while (stream.next()) {
        // reading surfaces the error
      }
    }
  }

  @Test
  void callsPastTheArrowMemoryLimitAreRefusedWithTheLimitNamed() throws Exception {
    start(TestServers.config().withArrowMemoryLimit("1MiB"));
    // one batch of three BIGINT columns is about 3 MiB: while it is held, the server is past its limit
    FlightStream first = client.get("SELECT range AS a, range AS b, range AS c FROM range(10000000)", 122_880);
    try {
      assertTrue(first.next());
      expect(FlightStatusCode.RESOURCE_EXHAUSTED, "the server's Arrow memory limit of 1 MiB is reached",
          () -> drain("SELECT 1"));
      try (LocalDuckDb local = new LocalDuckDb();
          QueryExport rows = local.export("SELECT 1 AS a", allocator, 10)) {
        expect(FlightStatusCode.RESOURCE_EXHAUSTED, "Arrow memory limit of 1 MiB",
            () -> client.put("small", rows.reader(), PutMode.CREATE));
      }
    } finally {
      first.cancel("done", null);
      first.close();
    }
    // once the running call has let go, new calls are served again (checked in stop())
    TestServers.assertNoArrowMemory(server.allocator());
    assertTrue(client.listTables().isEmpty(), "the refused PUT created nothing");
  }

  @Test
  void aStreamPastTheReadAheadLimitIsRefusedWithTheLimitNamed() throws Exception {
    start(TestServers.config().withReadAheadThreads(1));
    FlightStream first = client.get("SELECT * FROM range(100000000)", 1024);
    try {
      // the first batch arrived: its read-ahead thread is running, and will block on the full queue
      assertTrue(first.next());
      expect(FlightStatusCode.RESOURCE_EXHAUSTED, "read-ahead limit of 1 concurrent streams",
          () -> drain("SELECT * FROM range(10)"));
    } finally {
      first.cancel("done", null);
      first.close();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.readAheadInUse() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, server.readAheadInUse(), "the cancelled stream gave its thread back");
    drain("SELECT * FROM range(10)");
  }

  @Test
  void preparedStatementsAreCappedPerUserAndCloseWhenIdle() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    start(TestServers.config().withClock(clock).withPreparedStatementTtl(Duration.ofMinutes(10))
        .withMaxPreparedStatementsPerUser(2));
    try (FlightSqlClient sql = new FlightSqlClient(
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
      FlightSqlClient.PreparedStatement kept = sql.prepare("SELECT 1 AS one");
      FlightSqlClient.PreparedStatement idle = sql.prepare("SELECT 2 AS two");
      expect(FlightStatusCode.RESOURCE_EXHAUSTED, "limit of 2 open prepared statements per user",
          () -> sql.prepare("SELECT 3 AS three"));

      // idle time counts from the last use: the one used half-way survives, the other is closed
      clock.advance(Duration.ofMinutes(6));
      kept.execute();
      clock.advance(Duration.ofMinutes(6));
      kept.execute();
      expect(FlightStatusCode.NOT_FOUND, "closed after 10 minutes idle", idle::execute);

      // the closed one no longer counts against the cap
      try (FlightSqlClient.PreparedStatement again = sql.prepare("SELECT 3 AS three")) {
        again.execute();
      }
      kept.close();
    }
  }
}
