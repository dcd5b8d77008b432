package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.ChaosProxy;
import dev.mallard.testing.LocalDuckDb;
import dev.mallard.testing.TriggerReader;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The other end of a stream vanishing mid-way (connection reset through a {@link ChaosProxy}, what
 * a crashed process or a dead network looks like): the server that is left ends the call, rolls
 * back what was half-written, frees every buffer, and keeps serving.
 */
@Timeout(180)
class ClientAndTargetFaultsTest extends ServerPairTestBase {
  static final String BIG = "SELECT range AS id, md5(range::VARCHAR) AS payload FROM range(2000000)";

  LocalDuckDb local;

  @BeforeEach
  void openLocal() throws Exception {
    local = new LocalDuckDb();
  }

  @AfterEach
  void closeLocal() throws Exception {
    local.close();
  }

  /** Serving still works, and nothing from the failed call is left in the server's allocator. */
  static void assertHealthy(MallardServer server, MallardClient client) throws Exception {
    TestServers.assertNoArrowMemory(server.allocator());
    assertEquals("ok", client.health().get("status"));
    assertEquals(1000, client.get("SELECT * FROM range(1000)", 0, batch -> { }).rows());
  }

  @Test
  void aClientVanishingMidGet() throws Exception {
    try (ChaosProxy proxy = new ChaosProxy(one.port());
        MallardClient doomed = MallardClient.connect(proxy.location(), allocator)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = doomed.get("SELECT range AS id, md5(range::VARCHAR) AS s FROM range(20000000)", 8192)) {
          for (int batch = 0; stream.next(); batch++) {
            if (batch == 3) {
              proxy.cut();
            }
          }
        }
      });
      assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.toString());
    }
    assertHealthy(one, client1);
  }

  @Test
  void aClientVanishingMidPutLeavesTheTableUnchanged() throws Exception {
    try (QueryExport seed = local.export("SELECT range AS id, md5(range::VARCHAR) AS payload FROM range(1000)", allocator, 512)) {
      client1.put("target", seed.reader(), PutMode.CREATE);
    }
    TableChecksum before = client1.checksumTable("target");
    for (PutMode mode : new PutMode[] {PutMode.APPEND, PutMode.REPLACE}) {
      try (ChaosProxy proxy = new ChaosProxy(one.port());
          MallardClient doomed = MallardClient.connect(proxy.location(), allocator);
          QueryExport rows = local.export(BIG, allocator, 8192)) {
        TriggerReader dying = new TriggerReader(allocator, rows.reader(), 20, proxy::cut);
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> doomed.put("target", dying, mode));
        assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), mode + ": " + e);
      }
      assertHealthy(one, client1);
      assertEquals(before, client1.checksumTable("target"), mode + " left a partial table");
    }
  }

  @Test
  void aClientVanishingMidExchange() throws Exception {
    AtomicInteger received = new AtomicInteger();
    try (ChaosProxy proxy = new ChaosProxy(one.port());
        MallardClient doomed = MallardClient.connect(proxy.location(), allocator);
        QueryExport rows = local.export(BIG, allocator, 8192)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> doomed.exchange("echo", rows.reader(), batch -> {
            if (received.incrementAndGet() == 3) {
              proxy.cut();
            }
          }));
      assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.toString());
    }
    assertTrue(received.get() >= 3);
    assertHealthy(one, client1);
    try (QueryExport rows = local.export("SELECT range AS id FROM range(50000)", allocator, 8192)) {
      assertEquals(50000, client1.exchange("echo", rows.reader(), batch -> { }).rows());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay", "direct"})
  void aTargetDyingMidTransfer(String mode) throws Exception {
    try (QueryExport seed = local.export("SELECT range AS id, 'old' AS payload FROM range(1000)", allocator, 512)) {
      client2.put("copy", seed.reader(), PutMode.CREATE);
    }
    TableChecksum before = client2.checksumTable("copy");
    try (ChaosProxy proxy = new ChaosProxy(two.port());
        MallardClient doomedTarget = MallardClient.connect(proxy.location(), allocator)) {
      // a megabyte in, the upload is flowing (the whole copy is ~90 MB): the target dies there
      proxy.cutAfterBytesToServer(1 << 20);
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
        if ("direct".equals(mode)) {
          client1.transferDirect(doomedTarget, BIG, "copy", PutMode.REPLACE, 8192);
        } else {
          client1.transferRelay(doomedTarget, BIG, "copy", PutMode.REPLACE, 8192);
        }
      });
      assertTrue(proxy.isCut(), "the transfer failed before the target died: " + e);
      assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.getMessage());
      if ("direct".equals(mode)) {
        assertTrue(e.getMessage().contains("transfer target " + proxy.location().getUri()), e.getMessage());
      }
    }
    assertHealthy(one, client1);
    assertHealthy(two, client2);
    assertEquals(before, client2.checksumTable("copy"));
  }
}
