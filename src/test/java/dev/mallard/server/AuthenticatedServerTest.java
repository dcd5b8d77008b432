package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.auth.MutableClock;
import dev.mallard.auth.PasswordHash;
import dev.mallard.auth.Role;
import dev.mallard.auth.UserStore;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.LocalDuckDb;
import dev.mallard.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication and roles on a real Mallard server, through MallardClient: who may log in, which
 * tokens stop working, and what each role may do, checked on every RPC that can reach SQL.
 */
@Timeout(180)
class AuthenticatedServerTest {
  // cheap hashes: the tests log in many times, and the iteration count is not what is tested
  private static final int ITERATIONS = 1_000;
  static final UserStore USERS = UserStore.of(List.of(
      user("ada", Role.ADMIN, "ada-pw"),
      user("rita", Role.READWRITE, "rita-pw"),
      user("olga", Role.READONLY, "olga-pw")));

  @TempDir Path dir;
  BufferAllocator allocator;
  MallardServer server;
  LocalDuckDb local;
  final List<AutoCloseable> opened = new ArrayList<>();

  static UserStore.User user(String name, Role role, String password) {
    return new UserStore.User(name, role, PasswordHash.create(password.toCharArray(), ITERATIONS));
  }

  static ServerConfig authConfig(Duration tokenTtl) {
    return TestServers.config().withAuth(USERS, tokenTtl);
  }

  @BeforeEach
  void start() throws Exception {
    // a table and a sequence made outside Mallard: a GET cannot create them without erroring
    Path file = dir.resolve("auth.duckdb");
    try (var connection = DuckDbOpener.file(file).open();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t AS SELECT range AS id, 'row ' || range AS name FROM range(1000)");
      statement.execute("CREATE SEQUENCE seq");
    }
    allocator = AllocatorKind.NETTY.newRoot();
    server = TestServers.start(authConfig(Duration.ofMinutes(10)).withDatabase(file));
    local = new LocalDuckDb();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    local.close();
    TestServers.assertNoArrowMemory(server.allocator());
    server.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }

  <T extends AutoCloseable> T track(T resource) {
    opened.add(resource);
    return resource;
  }

  MallardClient login(MallardServer to, String name) {
    return track(MallardClient.connect(to.location(), allocator, name, name + "-pw"));
  }

  /** Everything a refused call must not have touched: table contents, the table list, the sequence. */
  String state() throws Exception {
    MallardClient admin = login(server, "ada");
    TableChecksum t = admin.checksumTable("t");
    List<Object> tables = admin.listTables().stream().map(m -> m.get("name")).toList();
    String sequence = firstValue(admin, "SELECT coalesce(last_value, -1)::VARCHAR FROM duckdb_sequences()"
        + " WHERE sequence_name = 'seq'");
    return t + " " + tables + " seq=" + sequence;
  }

  static String firstValue(MallardClient client, String sql) throws Exception {
    try (FlightStream stream = client.get(sql)) {
      assertTrue(stream.next(), "no row from " + sql);
      return String.valueOf(stream.getRoot().getVector(0).getObject(0));
    }
  }

  static long rowsOf(MallardClient client, String sql) throws Exception {
    return client.get(sql, 0, root -> {}).rows();
  }

  static void drain(FlightStream stream) throws Exception {
    try (stream) {
      while (stream.next()) {
        // reading surfaces the error
      }
    }
  }

  static FlightRuntimeException expect(FlightStatusCode code, String messagePart, Executable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
    assertEquals(code, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains(messagePart.toLowerCase()),
        "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
    return e;
  }

  long exchange(MallardClient client, String command) throws Exception {
    try (QueryExport input = local.export("SELECT range AS id, range % 7 AS grp FROM range(20000)", allocator, 4096)) {
      return client.exchange(command, input.reader(), batch -> {}).rows();
    }
  }

  long put(MallardClient client, String table, PutMode mode, long rows) throws Exception {
    try (QueryExport input = local.export("SELECT range AS id, 'new ' || range AS name FROM range(" + rows + ")",
        allocator, 4096)) {
      return client.put(table, input.reader(), mode).rows();
    }
  }

  private static void consume(Iterator<Result> results) {
    results.forEachRemaining(r -> { });
  }

  // ---- logging in ------------------------------------------------------------------------------

  @Test
  void anAdminCanGetPutExchangeAndDrop() throws Exception {
    MallardClient ada = login(server, "ada");
    assertEquals(1000, rowsOf(ada, "SELECT * FROM t"));
    assertEquals(5000, put(ada, "made", PutMode.CREATE, 5000));
    assertEquals(5000, rowsOf(ada, "SELECT * FROM made"));
    assertEquals(20000, exchange(ada, "echo"));
    assertEquals(20000, exchange(ada, "{\"exchanger\": \"sql\", \"sql\": \"SELECT id * 2 AS twice FROM input\"}"));
    assertEquals(7, exchange(ada, "{\"exchanger\": \"aggregate\", \"group_by\": [\"grp\"],"
        + " \"aggregates\": [{\"fn\": \"count\", \"as\": \"n\"}]}"));
    assertEquals(1, exchange(ada, "SELECT 42 AS answer"));
    ada.dropTable("made");
    assertEquals(List.of("t"), ada.listTables().stream().map(m -> m.get("name")).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay", "direct"})
  void transferReachesAnAuthenticatedTargetWithTheTargetsToken(String mode) throws Exception {
    MallardServer target = track(TestServers.start(authConfig(Duration.ofMinutes(10))));
    try {
      // relay only reads the source, so read-only will do; direct makes the source server connect out and
      // write elsewhere, which read-only users may not start
      MallardClient source = login(server, "relay".equals(mode) ? "olga" : "rita");
      MallardClient sink = login(target, "rita");
      String query = "SELECT * FROM t WHERE id % 3 = 0";
      if ("direct".equals(mode)) {
        MallardClient readOnly = login(server, "olga");
        FlightRuntimeException refused = assertThrows(FlightRuntimeException.class,
            () -> readOnly.transferDirect(sink, query, "copy", PutMode.CREATE, 128));
        assertEquals(FlightStatusCode.UNAUTHORIZED, refused.status().code());
      }
      long rows = "direct".equals(mode)
          ? source.transferDirect(sink, query, "copy", PutMode.CREATE, 128).rows()
          : source.transferRelay(sink, query, "copy", PutMode.CREATE, 128).rows();
      assertEquals(334, rows);
      assertEquals(source.checksumQuery(query), sink.checksumTable("copy"));
    } finally {
      TestServers.assertNoArrowMemory(target.allocator());
    }
  }

  @Test
  void aDirectTransferWithoutTheTargetsTokenIsUnauthenticatedAtTheTarget() throws Exception {
    MallardServer target = track(TestServers.start(authConfig(Duration.ofMinutes(10))));
    MallardClient source = login(server, "ada");
    MallardClient anonymous = track(MallardClient.connect(target.location(), allocator));
    expect(FlightStatusCode.UNAUTHENTICATED, "authentication required",
        () -> source.transferDirect(anonymous, "SELECT * FROM t", "copy", PutMode.CREATE, 0));
    // a target token of a read-only user is refused by the target's own role check
    MallardClient readOnlyAtTarget = login(target, "olga");
    expect(FlightStatusCode.UNAUTHORIZED, "read-only",
        () -> source.transferDirect(readOnlyAtTarget, "SELECT * FROM t", "copy", PutMode.CREATE, 0));
    assertEquals(List.of(), login(target, "ada").listTables());
    assertEquals("ok", source.health().get("status"));
    TestServers.assertNoArrowMemory(target.allocator());
  }

  @Test
  void wrongPasswordAndUnknownUserCannotLogIn() {
    expect(FlightStatusCode.UNAUTHENTICATED, "login failed",
        () -> MallardClient.connect(server.location(), allocator, "ada", "not-her-password"));
    expect(FlightStatusCode.UNAUTHENTICATED, "login failed",
        () -> MallardClient.connect(server.location(), allocator, "mallory", "whatever"));
  }

  @Test
  void everyRpcWithoutCredentialsIsUnauthenticated() throws Exception {
    MallardClient anonymous = track(MallardClient.connect(server.location(), allocator));
    FlightClient flight = anonymous.flight();
    byte[] select = "SELECT * FROM t".getBytes(StandardCharsets.UTF_8);
    List<Executable> calls = List.of(
        () -> drain(flight.getStream(new Ticket(select))),
        () -> flight.getInfo(FlightDescriptor.command(select)),
        () -> flight.getSchema(FlightDescriptor.path("t")),
        () -> flight.listFlights(Criteria.ALL).forEach(info -> { }),
        () -> flight.listActions().forEach(type -> { }),
        () -> consume(flight.doAction(new Action("health"))),
        () -> consume(flight.doAction(new Action("drop_table", "t".getBytes(StandardCharsets.UTF_8)))),
        () -> put(anonymous, "t", PutMode.APPEND, 10_000),
        () -> exchange(anonymous, "echo"));
    String before = state();
    for (Executable call : calls) {
      expect(FlightStatusCode.UNAUTHENTICATED, "authentication required", call);
    }
    assertEquals(before, state());
  }

  @Test
  void aForgedTokenIsUnauthenticated() throws Exception {
    MallardClient anonymous = track(MallardClient.connect(server.location(), allocator));
    CallHeaders headers = new FlightCallHeaders();
    headers.insert("authorization", "Bearer " + "A".repeat(43));
    HeaderCallOption forged = new HeaderCallOption(headers);
    expect(FlightStatusCode.UNAUTHENTICATED, "not valid",
        () -> drain(anonymous.flight().getStream(new Ticket("SELECT 1".getBytes(StandardCharsets.UTF_8)), forged)));
    expect(FlightStatusCode.UNAUTHENTICATED, "not valid",
        () -> consume(anonymous.flight().doAction(new Action("health"), forged)));
  }

  @Test
  void anExpiredTokenIsUnauthenticated() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Duration ttl = Duration.ofMinutes(5);
    MallardServer shortLived = track(TestServers.start(authConfig(ttl).withClock(clock)));
    MallardClient olga = login(shortLived, "olga");
    assertEquals("ok", olga.health().get("status"));
    // the TTL counts idle time: each use restarts it, so twice just short of it is still valid
    for (int i = 0; i < 2; i++) {
      clock.advance(ttl.minusSeconds(1));
      assertEquals("ok", olga.health().get("status"));
    }
    clock.advance(ttl);
    expect(FlightStatusCode.UNAUTHENTICATED, "expired", olga::health);
    expect(FlightStatusCode.UNAUTHENTICATED, "", () -> rowsOf(olga, "SELECT 1"));
    // logging in again gives a fresh token
    assertEquals(1, rowsOf(login(shortLived, "olga"), "SELECT 1"));
    TestServers.assertNoArrowMemory(shortLived.allocator());
  }

  @Test
  void aLoggedOutTokenIsUnauthenticatedEverywhere() throws Exception {
    MallardClient rita = login(server, "rita");
    MallardClient ada = login(server, "ada");
    Iterator<Result> answer = rita.flight().doAction(new Action("logout"), rita.credentials());
    assertEquals("{\"logged_out\":true}", new String(answer.next().getBody(), StandardCharsets.UTF_8));
    consume(answer);
    expect(FlightStatusCode.UNAUTHENTICATED, "not valid", rita::health);
    expect(FlightStatusCode.UNAUTHENTICATED, "not valid", () -> put(rita, "t", PutMode.APPEND, 10));
    // a direct transfer carrying the revoked token is refused by the target
    expect(FlightStatusCode.UNAUTHENTICATED, "not valid",
        () -> ada.transferDirect(rita, "SELECT * FROM t", "copy", PutMode.CREATE, 0));
    // other sessions are untouched
    assertEquals(1000, rowsOf(ada, "SELECT * FROM t"));
    assertEquals(List.of("t"), ada.listTables().stream().map(m -> m.get("name")).toList());
  }

  // ---- roles -----------------------------------------------------------------------------------

  @Test
  void readOnlyCanReadEveryWay() throws Exception {
    MallardClient olga = login(server, "olga");
    assertEquals(1000, rowsOf(olga, "SELECT * FROM t"));
    assertEquals(10, rowsOf(olga, "WITH x AS (SELECT * FROM t) SELECT * FROM x LIMIT 10"));
    byte[] select = "SELECT id FROM t WHERE id < 5".getBytes(StandardCharsets.UTF_8);
    assertEquals("id", olga.flight().getSchema(FlightDescriptor.command(select), olga.credentials())
        .getSchema().getFields().get(0).getName());
    try (FlightStream stream = olga.flight().getStream(
        olga.flight().getInfo(FlightDescriptor.command(select), olga.credentials()).getEndpoints().get(0).getTicket(),
        olga.credentials())) {
      long rows = 0;
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
      assertEquals(5, rows);
    }
    assertEquals(1000L, ((Number) olga.listTables().get(0).get("rows")).longValue());
    assertEquals(20000, exchange(olga, "echo"));
    assertEquals(20000, exchange(olga, "my_streaming_exchanger"));
    assertEquals(20000, exchange(olga, "{\"exchanger\": \"sql\", \"sql\": \"SELECT id + 1 AS next FROM input\"}"));
    // the aggregate exchanger keeps its state in temp tables: allowed inside a read-only transaction
    assertEquals(7, exchange(olga, "{\"exchanger\": \"aggregate\", \"group_by\": [\"grp\"],"
        + " \"aggregates\": [{\"fn\": \"sum\", \"column\": \"id\", \"as\": \"total\"}]}"));
    assertEquals(1, exchange(olga, "SELECT count(*) FROM t"));
  }

  /** SQL that changes something, each reached through every path a read-only caller has to SQL. */
  static Stream<String> writingSql() {
    return Stream.of(
        "CREATE TABLE x AS SELECT 1",
        "INSERT INTO t VALUES (5000, 'sneaky')",
        "UPDATE t SET name = 'changed'",
        "DELETE FROM t RETURNING *",
        "DROP TABLE t",
        "SELECT 1; DROP TABLE t",
        "SELECT 1 AS a; INSERT INTO t VALUES (5001, 'second statement')",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT 5002, 'cte' FROM x",
        "/* SELECT */ DELETE FROM t",
        "CREATE VIEW v AS SELECT * FROM t",
        "ALTER TABLE t ADD COLUMN c INT",
        "INSERT INTO t SELECT * FROM t RETURNING id");
  }

  @ParameterizedTest
  @MethodSource("writingSql")
  void readOnlyCannotChangeAnythingThroughAnyPath(String sql) throws Exception {
    String before = state();
    MallardClient olga = login(server, "olga");
    FlightClient flight = olga.flight();
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    String sqlParam = WireJson.MAPPER.writeValueAsString(Map.of("exchanger", "sql", "sql", sql));
    Map<String, Executable> paths = Map.of(
        "GET", () -> rowsOf(olga, sql),
        "GetFlightInfo", () -> flight.getInfo(FlightDescriptor.command(bytes), olga.credentials()),
        "GetSchema", () -> flight.getSchema(FlightDescriptor.command(bytes), olga.credentials()),
        "EXCHANGE raw SQL", () -> exchange(olga, sql),
        "EXCHANGE sql exchanger", () -> exchange(olga, sqlParam),
        "TRANSFER source query", () -> olga.transferDirect(olga, sql, "copy", PutMode.CREATE, 0));
    assertEachRefusedAsReadOnly(paths);
    assertEquals(before, state());
  }

  /**
   * nextval passes as a SELECT, so only the read-only transaction stops it. GetFlightInfo only
   * plans such a query (it writes nothing), so it is not refused there; running it is.
   */
  @Test
  void readOnlyCannotAdvanceASequenceWithASelect() throws Exception {
    String before = state();
    MallardClient olga = login(server, "olga");
    String select = "SELECT nextval('seq') AS n";
    Map<String, Executable> paths = Map.of(
        "GET", () -> rowsOf(olga, select),
        "EXCHANGE raw SQL", () -> exchange(olga, select),
        "EXCHANGE sql exchanger", () -> exchange(olga, "{\"exchanger\": \"sql\", \"sql\": \"" + select + " FROM input\"}"),
        "TRANSFER source query", () -> olga.transferDirect(olga, select, "copy", PutMode.CREATE, 0));
    assertEachRefusedAsReadOnly(paths);
    assertEquals(before, state());
  }

  private static void assertEachRefusedAsReadOnly(Map<String, Executable> paths) {
    for (Map.Entry<String, Executable> path : paths.entrySet()) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, path.getValue(), path.getKey());
      assertEquals(FlightStatusCode.UNAUTHORIZED, e.status().code(), path.getKey() + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("read-only"), path.getKey() + ": " + e.getMessage());
    }
  }

  @Test
  void readOnlyCannotPutOrDrop() throws Exception {
    String before = state();
    MallardClient olga = login(server, "olga");
    for (PutMode mode : PutMode.values()) {
      expect(FlightStatusCode.UNAUTHORIZED, "user 'olga' is read-only and may not write table",
          () -> put(olga, mode == PutMode.CREATE ? "fresh" : "t", mode, 50_000));
    }
    expect(FlightStatusCode.UNAUTHORIZED, "read-only and may not drop", () -> olga.dropTable("t"));
    assertEquals(before, state());
    assertEquals("ok", olga.health().get("status"));
  }

  /** Mallard has no admin-only operation today: readwrite may do everything but is no admin in name only. */
  @Test
  void readWriteCanPutReplaceAndDrop() throws Exception {
    MallardClient rita = login(server, "rita");
    assertEquals(300, put(rita, "t", PutMode.APPEND, 300));
    assertEquals(1300, rowsOf(rita, "SELECT * FROM t"));
    assertEquals(10, put(rita, "t", PutMode.REPLACE, 10));
    assertEquals(10, put(rita, "other", PutMode.CREATE, 10));
    assertEquals(20000, exchange(rita, "{\"exchanger\": \"sql\", \"sql\": \"SELECT nextval('seq') AS n FROM input\"}"));
    rita.dropTable("other");
    assertEquals(List.of("t"), rita.listTables().stream().map(m -> m.get("name")).toList());
    assertEquals(10, rowsOf(rita, "SELECT * FROM t"));
  }

  @Test
  void aWrongRoleFailsBeforeAnyDataIsRead() throws Exception {
    // a big refused PUT ends promptly, and the next call on the same connection works
    MallardClient olga = login(server, "olga");
    long started = System.nanoTime();
    expect(FlightStatusCode.UNAUTHORIZED, "read-only", () -> put(olga, "t", PutMode.APPEND, 2_000_000));
    assertTrue(System.nanoTime() - started < 30_000_000_000L, "refusal took too long");
    assertEquals(1000, rowsOf(olga, "SELECT * FROM t"));
  }
}
