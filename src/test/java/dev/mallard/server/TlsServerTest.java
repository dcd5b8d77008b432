package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.ClientTls;
import dev.mallard.client.MallardClient;
import dev.mallard.testing.LocalDuckDb;
import dev.mallard.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** grpc+tls with a certificate made at test time: trusted clients work, others fail cleanly, auth rides on top. */
@Timeout(120)
class TlsServerTest {
  static final String ROWS = "SELECT range AS id, md5(range::VARCHAR) AS payload FROM range(50000)";

  @TempDir static Path dir;
  static SelfSignedCertificate certificate;

  BufferAllocator allocator;
  LocalDuckDb local;
  final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = SelfSignedCertificate.create(dir);
  }

  @BeforeEach
  void open() throws Exception {
    allocator = AllocatorKind.NETTY.newRoot();
    local = new LocalDuckDb();
  }

  @AfterEach
  void close() throws Exception {
    // servers last: each was tracked before its clients
    for (int i = opened.size() - 1; i >= 0; i--) {
      AutoCloseable resource = opened.get(i);
      if (resource instanceof MallardServer server) {
        TestServers.assertNoArrowMemory(server.allocator());
      }
      resource.close();
    }
    local.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }

  <T extends AutoCloseable> T track(T resource) {
    opened.add(resource);
    return resource;
  }

  static ServerConfig tlsConfig() {
    return TestServers.config()
        .withLocation(Location.forGrpcTls("127.0.0.1", 0))
        .withTls(certificate.certificate(), certificate.privateKey());
  }

  ClientTls trusting() {
    return ClientTls.trusting(certificate.certificate());
  }

  @Test
  void aClientTrustingTheCertificateCanPutGetAndExchange() throws Exception {
    MallardServer server = track(TestServers.start(tlsConfig()));
    assertEquals("grpc+tls", server.location().getUri().getScheme());
    MallardClient client = track(MallardClient.connect(server.location(), allocator, trusting()));
    try (QueryExport rows = local.export(ROWS, allocator, 4096)) {
      assertEquals(50000, client.put("secret", rows.reader(), PutMode.CREATE).rows());
    }
    assertEquals(client.checksumQuery(ROWS), client.checksumTable("secret"));
    try (QueryExport rows = local.export(ROWS, allocator, 4096)) {
      assertEquals(50000, client.exchange("echo", rows.reader(), batch -> { }).rows());
    }
  }

  @Test
  void aCertificateAloneTurnsAGrpcLocationIntoGrpcTls() throws Exception {
    MallardServer server = track(TestServers.start(TestServers.config()
        .withTls(certificate.certificate(), certificate.privateKey())));
    assertEquals("grpc+tls", server.location().getUri().getScheme());
    MallardClient client = track(MallardClient.connect(server.location(), allocator, trusting()));
    assertEquals("ok", client.health().get("status"));
  }

  @Test
  void aPlaintextClientFailsCleanlyAndTheServerKeepsServing() throws Exception {
    MallardServer server = track(TestServers.start(tlsConfig()));
    MallardClient plain = track(MallardClient.connect(Location.forGrpcInsecure("127.0.0.1", server.port()), allocator));
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, plain::health);
    assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.getMessage());
    assertThrows(FlightRuntimeException.class, () -> plain.get("SELECT 1", 0, batch -> { }));
    MallardClient secure = track(MallardClient.connect(server.location(), allocator, trusting()));
    assertEquals("ok", secure.health().get("status"));
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    MallardServer server = track(TestServers.start(tlsConfig()));
    MallardClient doubting = track(MallardClient.connect(server.location(), allocator, ClientTls.systemTrust()));
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, doubting::health);
    assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.getMessage());
  }

  @Test
  void tlsSettingsNeedATlsLocation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MallardClient.connect(Location.forGrpcInsecure("127.0.0.1", 1), allocator, trusting()));
    assertTrue(e.getMessage().contains("grpc+tls"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClientTls.trusting(dir.resolve("missing.pem")));
  }

  @Test
  void tlsWithAuthentication() throws Exception {
    ServerConfig config = tlsConfig().withAuth(AuthenticatedServerTest.USERS, Duration.ofMinutes(5));
    MallardServer source = track(TestServers.start(config));
    MallardServer target = track(TestServers.start(config));
    MallardClient ada = track(MallardClient.connect(source.location(), allocator, trusting(), "ada", "ada-pw"));
    MallardClient rita = track(MallardClient.connect(target.location(), allocator, trusting(), "rita", "rita-pw"));
    try (QueryExport rows = local.export(ROWS, allocator, 4096)) {
      ada.put("secret", rows.reader(), PutMode.CREATE);
    }
    assertEquals(50000, ada.transferRelay(rita, "SELECT * FROM secret", "copy",
        PutMode.CREATE, 8192).rows());
    assertEquals(ada.checksumTable("secret"), rita.checksumTable("copy"));

    FlightRuntimeException wrong = assertThrows(FlightRuntimeException.class,
        () -> MallardClient.connect(source.location(), allocator, trusting(), "ada", "guess"));
    assertEquals(FlightStatusCode.UNAUTHENTICATED, wrong.status().code());
    MallardClient anonymous = track(MallardClient.connect(source.location(), allocator, trusting()));
    assertEquals(FlightStatusCode.UNAUTHENTICATED,
        assertThrows(FlightRuntimeException.class, anonymous::health).status().code());

    // the source server, as a TLS client of the target, trusts only the JVM's CAs: a self-signed
    // target is refused with a clear status rather than a hang
    FlightRuntimeException direct = assertThrows(FlightRuntimeException.class,
        () -> ada.transferDirect(rita, "SELECT * FROM secret", "direct_copy", PutMode.CREATE, 8192));
    assertEquals(FlightStatusCode.UNAVAILABLE, direct.status().code(), direct.getMessage());
    assertTrue(direct.getMessage().contains(rita.location().getUri().toString())
        && direct.getMessage().contains("trustStore"), direct.getMessage());
    assertEquals("ok", ada.health().get("status"));
    assertEquals(List.of("copy"), rita.listTables().stream().map(t -> t.get("name")).toList());
  }
}
