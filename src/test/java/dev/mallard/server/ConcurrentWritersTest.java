package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Eight clients writing one table at the same moment, each on its own connection: every append
 * lands, one create wins, replaces serialize, and nobody sees DuckDB's conflict.
 */
class ConcurrentWritersTest extends ServerTestBase {
  private static final int WRITERS = 8;
  private static final int ROWS = 50_000;

  private ExecutorService pool;
  private final List<MallardClient> clients = new ArrayList<>();

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterEach
  void stopPool() throws Exception {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    for (MallardClient each : clients) {
      each.close();
    }
  }

  /** Writer {@code w}'s rows: ids {@code w*ROWS .. (w+1)*ROWS-1}, and its number in every row. */
  private static String rowsOf(int writer) {
    return "SELECT range AS id, " + writer + "::BIGINT AS writer FROM range(" + (long) writer * ROWS + ", "
        + (long) (writer + 1) * ROWS + ")";
  }

  private static long sumOfIds(int firstWriter, int writers) {
    long from = (long) firstWriter * ROWS;
    long to = (long) (firstWriter + writers) * ROWS; // exclusive
    return (to * (to - 1) - from * (from - 1)) / 2;
  }

  @FunctionalInterface
  private interface Write {
    long run(int writer) throws Exception;
  }

  /** Runs {@code write} for every writer at once; each result is the rows written or the failure. */
  private List<Object> allAtOnce(Write write) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      futures.add(pool.submit(() -> {
        start.await();
        try {
          return (Object) write.run(writer);
        } catch (FlightRuntimeException e) {
          return e;
        }
      }));
    }
    start.countDown();
    List<Object> outcomes = new ArrayList<>();
    for (Future<Object> future : futures) {
      outcomes.add(future.get(120, TimeUnit.SECONDS));
    }
    return outcomes;
  }

  /** A Mallard client per writer, each with its own gRPC channel, sending from its own local connection. */
  private long putWithMallardClient(int writer, String table, PutMode mode) throws Exception {
    MallardClient own;
    synchronized (clients) {
      own = MallardClient.connect(server.location(), allocator);
      clients.add(own);
    }
    try (DuckDBConnection connection = local.connection().duplicate();
        QueryExport rows = QueryExport.open(connection, rowsOf(writer), allocator, 4096)) {
      return own.put(table, rows.reader(), mode).rows();
    }
  }

  private static void assertAllSucceeded(List<Object> outcomes) {
    for (Object outcome : outcomes) {
      assertEquals(Long.valueOf(ROWS), outcome, () -> "every writer should succeed: " + outcomes);
    }
  }

  /** count, sum(id) and the number of distinct writers in {@code table}. */
  private long[] contents(String table) throws Exception {
    try (FlightStream stream = client.get("SELECT count(*)::BIGINT, sum(id)::BIGINT, count(DISTINCT writer)::BIGINT,"
        + " min(writer)::BIGINT FROM " + table)) {
      assertTrue(stream.next());
      VectorSchemaRoot root = stream.getRoot();
      long[] values = new long[4];
      for (int i = 0; i < 4; i++) {
        values[i] = ((BigIntVector) root.getVector(i)).get(0);
      }
      return values;
    }
  }

  private void assertEveryRowLanded(String table) throws Exception {
    long[] got = contents(table);
    assertEquals((long) WRITERS * ROWS, got[0], "rows");
    assertEquals(sumOfIds(0, WRITERS), got[1], "sum of ids");
    assertEquals(WRITERS, got[2], "writers");
    assertEquals(0, server.database().tableLocks().size(), "no table lock left behind");
  }

  @Test
  void appendsToATableThatDoesNotExistYetAllLand() throws Exception {
    assertAllSucceeded(allAtOnce(w -> putWithMallardClient(w, "fresh", PutMode.APPEND)));
    assertEveryRowLanded("fresh");
  }

  @Test
  void appendsToAnExistingTableAllLand() throws Exception {
    try (QueryExport none = local.export("SELECT 0::BIGINT AS id, 0::BIGINT AS writer LIMIT 0", allocator, 16)) {
      client.put("existing", none.reader(), PutMode.CREATE);
    }
    assertAllSucceeded(allAtOnce(w -> putWithMallardClient(w, "existing", PutMode.APPEND)));
    assertEveryRowLanded("existing");
  }

  /** The plain Arrow way: FlightClient.startPut on a path descriptor (append), every batch written, then the result. */
  @Test
  void plainFlightClientAppendsAllLand() throws Exception {
    Location location = Location.forGrpcInsecure("127.0.0.1", server.port());
    assertAllSucceeded(allAtOnce(w -> {
      try (FlightClient flight = FlightClient.builder(allocator, location).build();
          DuckDBConnection connection = local.connection().duplicate();
          QueryExport rows = QueryExport.open(connection, rowsOf(w), allocator, 4096)) {
        VectorSchemaRoot root = rows.reader().getVectorSchemaRoot();
        SyncPutListener result = new SyncPutListener();
        FlightClient.ClientStreamListener put = flight.startPut(FlightDescriptor.path("plain"), root, result);
        long sent = 0;
        while (rows.reader().loadNextBatch()) {
          put.putNext();
          sent += root.getRowCount();
        }
        put.completed();
        put.getResult();
        result.close();
        return sent;
      }
    }));
    assertEveryRowLanded("plain");
  }

  @Test
  void flightSqlIngestAppendsAllLand() throws Exception {
    Location location = Location.forGrpcInsecure("127.0.0.1", server.port());
    TableDefinitionOptions appendOrCreate = TableDefinitionOptions.newBuilder()
        .setIfNotExist(TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
        .setIfExists(TableExistsOption.TABLE_EXISTS_OPTION_APPEND).build();
    assertAllSucceeded(allAtOnce(w -> {
      try (FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(allocator, location).build());
          DuckDBConnection connection = local.connection().duplicate();
          QueryExport rows = QueryExport.open(connection, rowsOf(w), allocator, 4096)) {
        return sql.executeIngest(rows.reader(),
            new FlightSqlClient.ExecuteIngestOptions("ingested", appendOrCreate, false, null, null, Map.of()));
      }
    }));
    assertEveryRowLanded("ingested");
  }

  @Test
  void concurrentCreatesHaveOneWinnerAndTheRestAreAlreadyExists() throws Exception {
    List<Object> outcomes = allAtOnce(w -> putWithMallardClient(w, "contested", PutMode.CREATE));
    int winners = 0;
    for (Object outcome : outcomes) {
      if (outcome instanceof Long) {
        assertEquals(ROWS, (long) (Long) outcome);
        winners++;
      } else {
        FlightRuntimeException e = (FlightRuntimeException) outcome;
        assertEquals(FlightStatusCode.ALREADY_EXISTS, e.status().code(), e.getMessage());
        assertTrue(e.getMessage().contains("table 'contested' already exists"), e.getMessage());
      }
    }
    assertEquals(1, winners, outcomes::toString);
    long[] got = contents("contested");
    assertEquals(ROWS, got[0], "only the winner's rows");
    assertEquals(1, got[2], "one writer");
    assertEquals(sumOfIds((int) got[3], 1), got[1], "the winner's rows, every one");
  }

  @Test
  void concurrentReplacesSerializeAndTheTableHoldsExactlyOneOfThem() throws Exception {
    try (QueryExport old = local.export("SELECT range AS id, -1::BIGINT AS writer FROM range(10)", allocator, 16)) {
      client.put("swapped", old.reader(), PutMode.CREATE);
    }
    assertAllSucceeded(allAtOnce(w -> putWithMallardClient(w, "swapped", PutMode.REPLACE)));
    long[] got = contents("swapped");
    assertEquals(ROWS, got[0], "one replace's rows, not a mix");
    assertEquals(1, got[2], "one writer");
    assertEquals(sumOfIds((int) got[3], 1), got[1], "that replace's rows, every one");
  }

  @Test
  void appendsRacingADropEitherLandWholeOrFindNoTableGone() throws Exception {
    assertAllSucceeded(allAtOnce(w -> {
      long rows = putWithMallardClient(w, "dropped", PutMode.APPEND);
      if (w == 0) {
        client.dropTable("dropped");
      }
      return rows;
    }));
    // whatever was left after the drop is made of whole PUTs only
    List<Map<String, Object>> tables = client.listTables();
    if (!tables.isEmpty()) {
      long[] got = contents("dropped");
      assertEquals(0, got[0] % ROWS, "whole PUTs only");
    }
  }
}
