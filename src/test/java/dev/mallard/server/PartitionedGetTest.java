package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient.GetOrder;
import dev.mallard.wire.QueryTicket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Partitioned GET as any Flight client sees it: GetFlightInfo returns several endpoints, each
 * streamed on its own connection, together every row exactly once, from one state of the table.
 */
class PartitionedGetTest extends ServerTestBase {
  private static final int ROWS = 300_000;
  private FlightClient plain;

  @BeforeEach
  void loadItems() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS k, range * 3 AS v, 'item ' || range AS s FROM range("
        + ROWS + ")", allocator, 50_000)) {
      client.put("items", rows.reader(), PutMode.CREATE);
    }
    plain = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
  }

  @AfterEach
  void closePlain() throws Exception {
    plain.close();
  }

  /** What the partitions delivered together: rows, sum of keys, and each key seen exactly once. */
  private static final class Seen {
    final AtomicIntegerArray keys = new AtomicIntegerArray(4 * ROWS);
    final AtomicLong rows = new AtomicLong();
    final AtomicLong sum = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();

    void add(VectorSchemaRoot root) {
      BigIntVector k = (BigIntVector) root.getVector("k");
      for (int i = 0; i < root.getRowCount(); i++) {
        long key = k.get(i);
        if (keys.getAndIncrement((int) key) != 0) {
          duplicates.incrementAndGet();
        }
        sum.addAndGet(key);
      }
      rows.addAndGet(root.getRowCount());
    }

    void assertExactly(long expectedRows, long expectedSum) {
      assertEquals(0, duplicates.get(), "rows delivered twice");
      assertEquals(expectedRows, rows.get());
      assertEquals(expectedSum, sum.get());
    }
  }

  private static long sumBelow(long n) {
    return n * (n - 1) / 2;
  }

  /** A write through Flight SQL on a client of its own (closing a FlightSqlClient closes its FlightClient). */
  private long update(String sql) throws Exception {
    try (FlightSqlClient writer = new FlightSqlClient(
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
      return writer.executeUpdate(sql);
    }
  }

  private static FlightDescriptor command(String sql, int partitions) {
    return FlightDescriptor.command(QueryTicket.of(sql).withPartitions(partitions).toBytes());
  }

  /** Every endpoint on a thread of its own, the way pyarrow or ADBC fetch a FlightInfo concurrently. */
  private Seen fetchConcurrently(FlightInfo info) throws Exception {
    Seen seen = new Seen();
    ExecutorService threads = Executors.newFixedThreadPool(info.getEndpoints().size());
    try {
      List<Future<?>> reads = new ArrayList<>();
      for (FlightEndpoint endpoint : info.getEndpoints()) {
        reads.add(threads.submit(() -> {
          try (FlightStream stream = plain.getStream(endpoint.getTicket())) {
            while (stream.next()) {
              seen.add(stream.getRoot());
            }
          }
          return null;
        }));
      }
      for (Future<?> read : reads) {
        read.get();
      }
    } finally {
      threads.shutdown();
    }
    return seen;
  }

  @Test
  void plainFlightClientReadsEveryPartitionConcurrentlyEachRowOnce() throws Exception {
    FlightInfo info = plain.getInfo(command("SELECT * FROM items", 4));
    assertEquals(4, info.getEndpoints().size());
    fetchConcurrently(info).assertExactly(ROWS, sumBelow(ROWS));
  }

  @Test
  void aTableDescriptorGetsTheServersPartitions() throws Exception {
    // the test servers run 2 DuckDB threads, and 300,000 rows hold two default batches
    FlightInfo info = plain.getInfo(FlightDescriptor.path("items"));
    assertEquals(2, info.getEndpoints().size());
    assertEquals(ROWS, info.getRecords());
    fetchConcurrently(info).assertExactly(ROWS, sumBelow(ROWS));
  }

  @Test
  void aFilteredProjectionIsSplitAndKeepsItsColumns() throws Exception {
    FlightInfo info = plain.getInfo(command("SELECT k, v + 1 AS w FROM items WHERE k % 3 = 0", 3));
    assertEquals(3, info.getEndpoints().size());
    assertEquals(List.of("k", "w"), info.getSchema().getFields().stream().map(f -> f.getName()).toList());
    Seen seen = fetchConcurrently(info);
    long multiples = (ROWS + 2) / 3;
    seen.assertExactly(multiples, 3 * sumBelow(multiples));
  }

  @Test
  void queriesThatCannotBeSplitGetOneEndpoint() throws Exception {
    update("CREATE VIEW items_view AS SELECT * FROM items");
    for (String query : List.of(
        "SELECT * FROM items ORDER BY k",
        "SELECT * FROM items LIMIT 10",
        "SELECT DISTINCT v FROM items",
        "SELECT count(*) FROM items",
        "SELECT v % 10 AS g, sum(k) FROM items GROUP BY g",
        "SELECT k, row_number() OVER () FROM items",
        "SELECT * FROM items a JOIN items b USING (k)",
        "WITH x AS (SELECT * FROM items) SELECT * FROM x",
        "SELECT * FROM items WHERE k IN (SELECT k FROM items WHERE v < 10)",
        "SELECT * FROM items_view",
        "SELECT * FROM main.items",
        "SELECT * FROM range(1000000)",
        "SELECT * FROM items UNION ALL SELECT * FROM items")) {
      assertEquals(1, plain.getInfo(command(query, 4)).getEndpoints().size(), query);
    }
  }

  @Test
  void aTicketNamingAPartitionOfAnUnsplittableQueryIsRefused() throws Exception {
    FlightInfo info = plain.getInfo(command("SELECT * FROM items", 2));
    String forged = new String(info.getEndpoints().get(0).getTicket().getBytes(), StandardCharsets.UTF_8)
        .replace("SELECT * FROM items", "SELECT * FROM items ORDER BY k");
    FlightRuntimeException refused = assertThrows(FlightRuntimeException.class, () -> {
      try (FlightStream stream = plain.getStream(new Ticket(forged.getBytes(StandardCharsets.UTF_8)))) {
        stream.next();
      }
    });
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, refused.status().code());
  }

  @Test
  void aWriteBetweenPartitionsFailsTheLaterPartitionsInsteadOfTearing() throws Exception {
    for (String write : List.of("DELETE FROM items WHERE k = 5", "INSERT INTO items VALUES (" + ROWS + ", 0, 'new')")) {
      FlightInfo info = plain.getInfo(command("SELECT * FROM items", 2));
      Seen seen = new Seen();
      try (FlightStream first = plain.getStream(info.getEndpoints().get(0).getTicket())) {
        while (first.next()) {
          seen.add(first.getRoot());
        }
      }
      assertEquals(1, update(write));
      FlightRuntimeException changed = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream second = plain.getStream(info.getEndpoints().get(1).getTicket())) {
          while (second.next()) {
            seen.add(second.getRoot());
          }
        }
      }, write);
      assertEquals(FlightStatusCode.UNAVAILABLE, changed.status().code(), write);
      assertTrue(changed.getMessage().contains("changed between planning the partitions"), changed.getMessage());
    }
  }

  @Test
  void aWriterRunningDuringGetsNeverYieldsATornOrDuplicatedResult() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong writes = new AtomicLong();
    // one write per GET, landing wherever the GET happens to be when the writer gets to it
    java.util.concurrent.Semaphore getStarted = new java.util.concurrent.Semaphore(0);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<?> writing = writer.submit(() -> {
      try (FlightSqlClient sql = new FlightSqlClient(
          FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
        long next = ROWS;
        while (getStarted.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS) && !stop.get()) {
          // appends new keys at the end, deletes old ones anywhere: both move rows across partitions' views
          if (writes.get() % 2 == 0) {
            sql.executeUpdate("INSERT INTO items SELECT range, 0, 'new' FROM range(" + next + ", " + (next + 500) + ")");
            next += 500;
          } else {
            sql.executeUpdate("DELETE FROM items WHERE k % 997 = " + (writes.get() % 997));
          }
          writes.incrementAndGet();
        }
      }
      return null;
    });
    int consistent = 0;
    int refused = 0;
    try {
      for (int attempt = 0; attempt < 12; attempt++) {
        FlightInfo info = plain.getInfo(command("SELECT k FROM items", 3));
        getStarted.release();
        try {
          Seen seen = fetchConcurrently(info);
          assertEquals(0, seen.duplicates.get(), "a row was delivered twice");
          // the tickets carry the row count the plan saw: a consistent result has exactly that many rows
          String ticket = new String(info.getEndpoints().get(0).getTicket().getBytes(), StandardCharsets.UTF_8);
          long planned = Long.parseLong(ticket.replaceAll(".*\"table_rows\":(\\d+).*", "$1"));
          assertEquals(planned, seen.rows.get(), "a torn result");
          consistent++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertTrue(e.getCause() instanceof FlightRuntimeException, () -> "unexpected failure " + e.getCause());
          FlightRuntimeException failure = (FlightRuntimeException) e.getCause();
          assertEquals(FlightStatusCode.UNAVAILABLE, failure.status().code(), failure.getMessage());
          refused++;
        }
      }
    } finally {
      stop.set(true);
      getStarted.release();
      writing.get();
      writer.shutdown();
    }
    assertEquals(12, consistent + refused);
    assertTrue(writes.get() >= 11, "the writer wrote " + writes.get() + " times");
  }

  @Test
  void mallardClientReadsInEndpointOrderOnTheCallingThread() throws Exception {
    Thread caller = Thread.currentThread();
    long[] last = {-1};
    Seen seen = new Seen();
    StreamStats stats = client.get("SELECT k FROM items", 20_000, 4, GetOrder.ENDPOINT_ORDER, root -> {
      assertEquals(caller, Thread.currentThread());
      BigIntVector k = (BigIntVector) root.getVector("k");
      for (int i = 0; i < root.getRowCount(); i++) {
        assertTrue(k.get(i) > last[0], "out of order at " + k.get(i));
        last[0] = k.get(i);
      }
      seen.add(root);
    });
    seen.assertExactly(ROWS, sumBelow(ROWS));
    assertEquals(ROWS, stats.rows());
  }

  @Test
  void mallardClientReadsUnorderedFromSeveralThreads() throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Seen seen = new Seen();
    StreamStats stats = client.get("SELECT * FROM items", 20_000, 4, GetOrder.UNORDERED, root -> {
      threads.add(Thread.currentThread());
      seen.add(root);
    });
    seen.assertExactly(ROWS, sumBelow(ROWS));
    assertEquals(ROWS, stats.rows());
    assertEquals(4, threads.size(), "one reader thread per partition");
  }

  @Test
  void flightSqlStatementsUseTheSamePartitions() throws Exception {
    try (FlightSqlClient sql = new FlightSqlClient(
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
      FlightInfo info = sql.execute("SELECT k FROM items WHERE v >= 0");
      assertEquals(2, info.getEndpoints().size());
      Seen seen = new Seen();
      for (FlightEndpoint endpoint : info.getEndpoints()) {
        try (FlightStream stream = sql.getStream(endpoint.getTicket())) {
          while (stream.next()) {
            seen.add(stream.getRoot());
          }
        }
      }
      seen.assertExactly(ROWS, sumBelow(ROWS));
      assertNotNull(info.getSchema());
    }
  }
}
