package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.ClientTls;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.LocalDuckDb;
import dev.mallard.testing.SelfSignedCertificate;
import dev.mallard.testing.ServerProcess;
import dev.mallard.testing.TriggerReader;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard serve} in its own JVM: killed with SIGKILL mid-PUT it loses the PUT, never half of it; and it serves TLS. */
@Timeout(300)
class KilledServerTest {
  static final String SEED = "SELECT range AS id, md5(range::VARCHAR) AS payload FROM range(100000)";
  static final String MORE = "SELECT range + 100000 AS id, md5((range + 100000)::VARCHAR) AS payload FROM range(3000000)";

  @TempDir Path dir;
  BufferAllocator allocator;
  LocalDuckDb local;

  @BeforeEach
  void open() throws Exception {
    allocator = AllocatorKind.NETTY.newRoot();
    local = new LocalDuckDb();
  }

  @AfterEach
  void close() throws Exception {
    local.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }

  @Test
  void sigkillDuringAPutLeavesTheTableAsBeforeNeverPartial() throws Exception {
    Path database = dir.resolve("killed.duckdb");
    Path log = dir.resolve("server.log");
    int port = ServerProcess.freePort();
    Location location = Location.forGrpcInsecure("127.0.0.1", port);
    TableChecksum before;
    try (ServerProcess server = ServerProcess.start("grpc", port, log, "--server1-db", database.toString())) {
      try (MallardClient client = MallardClient.connect(location, allocator)) {
        try (QueryExport seed = local.export(SEED, allocator, 8192)) {
          client.put("t", seed.reader(), PutMode.CREATE);
        }
        before = client.checksumTable("t");
        assertEquals(100000, before.rows());

        CountDownLatch midway = new CountDownLatch(1);
        Thread killer = new Thread(() -> {
          try {
            midway.await();
            server.kill();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "sigkill");
        killer.start();
        try (QueryExport more = local.export(MORE, allocator, 8192)) {
          // about a third of the 3M rows are sent when the server dies
          TriggerReader dying = new TriggerReader(allocator, more.reader(), 120, midway::countDown);
          FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
              () -> client.put("t", dying, PutMode.APPEND));
          assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.toString());
        }
        killer.join(60_000);
      }
    }

    try (ServerProcess restarted = ServerProcess.start("grpc", port, log, "--server1-db", database.toString());
        MallardClient client = MallardClient.connect(location, allocator)) {
      TableChecksum after = client.checksumTable("t");
      TableChecksum complete = client.checksumQuery(SEED + " UNION ALL " + MORE);
      assertTrue(after.equals(before) || after.equals(complete),
          "after SIGKILL the table holds " + after + "; expected " + before + " (before) or " + complete + " (complete)");
      // killed a third of the way in, the PUT cannot have committed
      assertEquals(before, after);
      // and the restarted server takes writes again
      try (QueryExport more = local.export(MORE + " LIMIT 1000", allocator, 8192)) {
        assertEquals(1000, client.put("t", more.reader(), PutMode.APPEND).rows());
      }
      assertEquals(101000, client.checksumTable("t").rows());
    }
  }

  @Test
  void serveWithTlsCertAndKeyServesGrpcTls() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
    int port = ServerProcess.freePort();
    try (ServerProcess server = ServerProcess.start("grpc+tls", port, dir.resolve("tls.log"),
        "--tls-cert", certificate.certificate().toString(), "--tls-key", certificate.privateKey().toString());
        MallardClient client = MallardClient.connect(Location.forGrpcTls("localhost", port), allocator,
            ClientTls.trusting(certificate.certificate()))) {
      assertEquals("ok", client.health().get("status"));
      assertEquals(100000, client.get(SEED, 0, batch -> { }).rows());
    }
  }
}
