package dev.mallard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.auth2.ClientBearerHeaderHandler;
import org.apache.arrow.flight.auth2.ClientIncomingAuthHeaderMiddleware;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real Flight server and client on a loopback ephemeral port. */
class FlightAuthTest {
  private static final int ITERATIONS = 1_000;
  private static final Schema SCHEMA =
      new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final UserStore users = UserStore.of(List.of(
      user("alice", Role.ADMIN, "alice-pw"),
      user("walt", Role.READWRITE, "walt-pw"),
      user("olga", Role.READONLY, "olga-pw")));

  private BufferAllocator allocator;
  private FlightServer server;
  private FlightClient client;
  private TestProducer producer;
  private final HeaderRecorder received = new HeaderRecorder();

  private static UserStore.User user(String name, Role role, String password) {
    return new UserStore.User(name, role, PasswordHash.create(password.toCharArray(), ITERATIONS));
  }

  @BeforeEach
  void openAllocator() {
    allocator = AllocatorKind.NETTY.newRoot();
  }

  @AfterEach
  void closeEverything() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdown();
      server.awaitTermination();
      server.close();
    }
    assertEquals(0, allocator.getAllocatedMemory(), "allocator bytes outstanding");
    allocator.close();
  }

  /** Starts a server with auth on (tokens may be null for auth off) and a client to it. */
  private TokenStore start(TokenStore tokens) throws Exception {
    producer = new TestProducer(allocator);
    FlightServer.Builder builder =
        FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), producer);
    producer.auth = tokens == null
        ? AuthSetup.disabled()
        : AuthSetup.apply(builder, new MallardAuthenticator(users, tokens));
    server = builder.build().start();
    client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.getPort()))
        .intercept(received)
        .build();
    return tokens;
  }

  private TokenStore startWithAuth() throws Exception {
    return start(new TokenStore(clock, Duration.ofHours(1), Duration.ofHours(24), 10_000));
  }

  private String action(String type, CallOption... options) {
    Iterator<Result> results = client.doAction(new Action(type), options);
    StringBuilder text = new StringBuilder();
    results.forEachRemaining(r -> text.append(new String(r.getBody(), StandardCharsets.UTF_8)));
    return text.toString();
  }

  private static HeaderCallOption authorization(String value) {
    CallHeaders headers = new FlightCallHeaders();
    headers.insert("authorization", value);
    return new HeaderCallOption(headers);
  }

  private static HeaderCallOption basic(String user, String password) {
    String pair = user + ":" + password;
    return authorization("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  private static HeaderCallOption bearer(String token) {
    return authorization("Bearer " + token);
  }

  private static FlightRuntimeException assertUnauthenticated(Runnable call, String expected, String... secrets) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call::run);
    assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    for (String secret : secrets) {
      assertFalse(e.getMessage().contains(secret), "message echoes a secret: " + e.getMessage());
    }
    return e;
  }

  @Test
  void basicLoginByHandshakeThenBearerCalls() throws Exception {
    TokenStore tokens = startWithAuth();
    CredentialCallOption bearer = client.authenticateBasicToken("olga", "olga-pw").orElseThrow();
    assertEquals(1, tokens.size());
    assertTrue(received.lastAuthorization.startsWith("Bearer "));

    received.lastAuthorization = null;
    assertEquals("olga|readonly|readonly", action("whoami", bearer));
    assertEquals("olga", producer.lastIdentity);
    // The bearer call is not given a new token.
    assertNull(received.lastAuthorization);

    client.listFlights(Criteria.ALL, bearer).forEach(info -> { });
    assertEquals("olga", producer.lastIdentity);
    assertEquals(1, tokens.size());

    CredentialCallOption admin = client.authenticateBasicToken("alice", "alice-pw").orElseThrow();
    assertEquals("alice|admin|admin", action("whoami", admin));
    CredentialCallOption writer = client.authenticateBasicToken("walt", "walt-pw").orElseThrow();
    assertEquals("walt|readwrite|readwrite", action("whoami", writer));
  }

  @Test
  void bearerAuthenticatesADataStream() throws Exception {
    startWithAuth();
    CredentialCallOption bearer = client.authenticateBasicToken("olga", "olga-pw").orElseThrow();
    long sum = 0;
    try (FlightStream stream = client.getStream(new Ticket(new byte[] {1}), bearer)) {
      while (stream.next()) {
        IntVector n = (IntVector) stream.getRoot().getVector("n");
        for (int i = 0; i < n.getValueCount(); i++) {
          sum += n.get(i);
        }
      }
    }
    assertEquals(1 + 2 + 3, sum);
    assertEquals("olga", producer.lastIdentity);

    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
      try (FlightStream stream = client.getStream(new Ticket(new byte[] {1}))) {
        stream.next();
      }
    });
    assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
  }

  @Test
  void basicOnAnyCallIsAnsweredWithABearer() throws Exception {
    TokenStore tokens = startWithAuth();
    assertEquals("walt|readwrite|readwrite", action("whoami", basic("walt", "walt-pw")));
    String header = received.lastAuthorization;
    assertNotNull(header, "no Authorization header in the response");
    assertTrue(header.startsWith("Bearer "), header);
    String token = header.substring("Bearer ".length());
    assertEquals(1, tokens.size());

    received.lastAuthorization = null;
    assertEquals("walt|readwrite|readwrite", action("whoami", bearer(token)));
    assertNull(received.lastAuthorization);

    client.listFlights(Criteria.ALL, basic("olga", "olga-pw")).forEach(info -> { });
    assertEquals("olga", producer.lastIdentity);
    assertTrue(received.lastAuthorization.startsWith("Bearer "));
    assertEquals(2, tokens.size());
  }

  @Test
  void arrowClientMiddlewareFlowLikeTheJdbcDriver() throws Exception {
    startWithAuth();
    // What Arrow's client tooling does: Basic on the first call, then the bearer it was handed.
    ClientIncomingAuthHeaderMiddleware.Factory tokenCatcher =
        new ClientIncomingAuthHeaderMiddleware.Factory(new ClientBearerHeaderHandler());
    try (FlightClient jdbcLike = FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", server.getPort())).intercept(tokenCatcher).build()) {
      List<FlightInfo> infos = new ArrayList<>();
      jdbcLike.listFlights(Criteria.ALL, new CredentialCallOption(new BasicAuthCredentialWriter("alice", "alice-pw")))
          .forEach(infos::add);
      CredentialCallOption bearer = tokenCatcher.getCredentialCallOption();
      assertNotNull(bearer);
      Iterator<Result> results = jdbcLike.doAction(new Action("whoami"), bearer);
      assertEquals("alice|admin|admin", new String(results.next().getBody(), StandardCharsets.UTF_8));
      results.forEachRemaining(r -> { });
    }
  }

  @Test
  void wrongPasswordIsRefusedWithoutEchoingIt() throws Exception {
    TokenStore tokens = startWithAuth();
    assertUnauthenticated(() -> client.authenticateBasicToken("olga", "not-olga-pw"),
        "login failed for user 'olga'", "not-olga-pw");
    assertUnauthenticated(() -> action("whoami", basic("olga", "hunter2")), "login failed", "hunter2");
    assertEquals(0, tokens.size());
  }

  @Test
  void unknownUserIsRefused() throws Exception {
    startWithAuth();
    assertUnauthenticated(() -> action("whoami", basic("mallory", "olga-pw")),
        "unknown user or wrong password", "olga-pw");
  }

  @Test
  void missingOrMalformedHeaderIsRefused() throws Exception {
    startWithAuth();
    assertUnauthenticated(() -> action("whoami"), "authentication required");
    assertUnauthenticated(() -> client.listFlights(Criteria.ALL).forEach(i -> { }), "authentication required");
    assertUnauthenticated(() -> action("whoami", authorization("Basic ***not-base64***")),
        "malformed Basic credentials", "***not-base64***");
    String noColon = Base64.getEncoder().encodeToString("olgaolga-pw".getBytes(StandardCharsets.UTF_8));
    assertUnauthenticated(() -> action("whoami", authorization("Basic " + noColon)),
        "expected user:password", "olga-pw");
    assertUnauthenticated(() -> action("whoami", authorization("Digest abc")), "unsupported Authorization scheme");
  }

  @Test
  void forgedTokenIsRefused() throws Exception {
    startWithAuth();
    CredentialCallOption real = client.authenticateBasicToken("alice", "alice-pw").orElseThrow();
    assertEquals("alice|admin|admin", action("whoami", real));
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    assertUnauthenticated(() -> action("whoami", bearer(forged)), "bearer token is not valid", forged);
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    startWithAuth();
    CredentialCallOption bearer = client.authenticateBasicToken("olga", "olga-pw").orElseThrow();
    assertEquals("olga|readonly|readonly", action("whoami", bearer));
    clock.advance(Duration.ofMinutes(61));
    assertUnauthenticated(() -> action("whoami", bearer), "bearer token expired");
    // A fresh login works again.
    CredentialCallOption again = client.authenticateBasicToken("olga", "olga-pw").orElseThrow();
    assertEquals("olga|readonly|readonly", action("whoami", again));
  }

  @Test
  void logoutRevokesTheCallersToken() throws Exception {
    TokenStore tokens = startWithAuth();
    CredentialCallOption olga = client.authenticateBasicToken("olga", "olga-pw").orElseThrow();
    CredentialCallOption alice = client.authenticateBasicToken("alice", "alice-pw").orElseThrow();
    assertEquals(2, tokens.size());

    assertEquals("true", action("logout", olga));
    assertEquals(1, tokens.size());
    assertUnauthenticated(() -> action("whoami", olga), "bearer token is not valid");
    // Someone else's session is untouched.
    assertEquals("alice|admin|admin", action("whoami", alice));
  }

  @Test
  void tokenStoreStaysBoundedUnderManyLogins() throws Exception {
    TokenStore tokens = start(new TokenStore(clock, Duration.ofHours(1), Duration.ofHours(24), 50));
    CredentialCallOption first = client.authenticateBasicToken("walt", "walt-pw").orElseThrow();
    CredentialCallOption last = first;
    for (int i = 0; i < 300; i++) {
      last = client.authenticateBasicToken("walt", "walt-pw").orElseThrow();
      assertTrue(tokens.size() <= 50, "size " + tokens.size());
    }
    assertEquals(50, tokens.size());
    assertEquals("walt|readwrite|readwrite", action("whoami", last));
    CredentialCallOption evicted = first;
    assertUnauthenticated(() -> action("whoami", evicted), "bearer token is not valid");
  }

  @Test
  void authOffMakesEveryoneAdmin() throws Exception {
    start(null);
    assertEquals("|admin|admin", action("whoami"));
    assertEquals("false", action("logout"));
    assertNull(received.lastAuthorization);
  }

  @Test
  void refusesToBuildWithoutUsers() {
    FlightServer.Builder builder = FlightServer.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", 0), new NoOpFlightProducer());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AuthSetup.apply(builder, UserStore.empty(), Duration.ofHours(1)));
    assertEquals("--auth needs users: pass --users FILE or set MALLARD_USER and MALLARD_PASSWORD", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AuthSetup.apply(builder, UserStore.fromEnvironment(Map.of(), ITERATIONS), Duration.ofHours(1)));
  }

  /** whoami: identity|role on the call thread|role on another thread; logout: revokes. */
  private static final class TestProducer extends NoOpFlightProducer {
    private final BufferAllocator allocator;
    volatile AuthSetup auth;
    volatile String lastIdentity;

    TestProducer(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
      lastIdentity = context.peerIdentity();
      String answer;
      switch (action.getType()) {
        case "whoami":
          Role here = auth.roleOf(context);
          Role elsewhere;
          try {
            elsewhere = CompletableFuture.supplyAsync(() -> auth.roleOf(context)).join();
          } catch (CompletionException e) {
            listener.onError(e.getCause());
            return;
          }
          answer = (lastIdentity == null ? "" : lastIdentity) + "|" + here.label() + "|" + elsewhere.label();
          break;
        case "logout":
          answer = Boolean.toString(auth.logout(context));
          break;
        default:
          listener.onError(CallStatus.UNIMPLEMENTED.withDescription(action.getType()).toRuntimeException());
          return;
      }
      listener.onNext(new Result(answer.getBytes(StandardCharsets.UTF_8)));
      listener.onCompleted();
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
      lastIdentity = context.peerIdentity();
      listener.onCompleted();
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      lastIdentity = context.peerIdentity();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        IntVector n = (IntVector) root.getVector("n");
        n.allocateNew(3);
        for (int i = 0; i < 3; i++) {
          n.set(i, i + 1);
        }
        root.setRowCount(3);
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
    }
  }

  /** Remembers the Authorization header of the last response that carried one. */
  private static final class HeaderRecorder implements FlightClientMiddleware.Factory {
    volatile String lastAuthorization;

    @Override
    public FlightClientMiddleware onCallStarted(CallInfo info) {
      return new FlightClientMiddleware() {
        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

        @Override
        public void onHeadersReceived(CallHeaders incomingHeaders) {
          String value = incomingHeaders.get("authorization");
          if (value != null) {
            lastAuthorization = value;
          }
        }

        @Override
        public void onCallCompleted(CallStatus status) {}
      };
    }
  }
}
