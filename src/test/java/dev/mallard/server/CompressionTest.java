package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.ChaosProxy;
import dev.mallard.testing.LocalDuckDb;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IPC body compression, each way: every path moves the same data with it as without it. */
class CompressionTest {
  static final String ALL_TYPES = GetPutRoundTripTest.ALL_TYPES;

  BufferAllocator allocator;
  MallardServer source;
  MallardServer target;
  MallardClient sourceClient;
  MallardClient targetClient;

  @BeforeEach
  void start() throws Exception {
    allocator = AllocatorKind.NETTY.newRoot();
    source = TestServers.start();
    target = TestServers.start();
    sourceClient = MallardClient.connect(source.location(), allocator);
    targetClient = MallardClient.connect(target.location(), allocator);
  }

  @AfterEach
  void stop() throws Exception {
    sourceClient.close();
    targetClient.close();
    TestServers.assertNoArrowMemory(source.allocator());
    TestServers.assertNoArrowMemory(target.allocator());
    source.close();
    target.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }

  @Test
  void getReturnsTheSameRowsCompressed() throws Exception {
    String plain = GetPutRoundTripTest.tsv(sourceClient, "SELECT * REPLACE (hex(bin) AS bin) FROM (" + ALL_TYPES + ")");
    sourceClient.setCompression(IpcCompression.ZSTD);
    String compressed = GetPutRoundTripTest.tsv(sourceClient,
        "SELECT * REPLACE (hex(bin) AS bin) FROM (" + ALL_TYPES + ")");
    assertEquals(plain, compressed);
  }

  @Test
  void putAndRelayAndDirectTransferMoveEveryTypeCompressed() throws Exception {
    sourceClient.setCompression(IpcCompression.ZSTD);
    targetClient.setCompression(IpcCompression.ZSTD);
    try (LocalDuckDb local = new LocalDuckDb();
        QueryExport rows = local.export(ALL_TYPES, allocator, 1000)) {
      assertEquals(5000, sourceClient.put("all_types", rows.reader(), PutMode.CREATE, true).rows());
    }
    TableChecksum expected = sourceClient.checksumQuery(ALL_TYPES);
    assertEquals(expected, sourceClient.checksumTable("all_types"));

    assertEquals(5000, sourceClient.transferRelay(targetClient, "SELECT * FROM all_types", "relayed", PutMode.CREATE,
        1000).rows());
    assertEquals(expected, targetClient.checksumTable("relayed"));
    assertEquals(5000, sourceClient.transferDirect(targetClient, "SELECT * FROM all_types", "direct", PutMode.CREATE,
        1000).rows());
    assertEquals(expected, targetClient.checksumTable("direct"));
  }

  @Test
  void exchangeSendsAndReceivesCompressed() throws Exception {
    sourceClient.setCompression(IpcCompression.ZSTD);
    try (LocalDuckDb local = new LocalDuckDb();
        QueryExport rows = local.export("SELECT range AS id, range::VARCHAR AS name FROM range(200000)", allocator,
            8192)) {
      long[] sum = {0};
      StreamStats out = sourceClient.exchange("echo", rows.reader(), true, batch -> {
        BigIntVector ids = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          sum[0] += ids.get(i);
        }
      });
      assertEquals(200000, out.rows());
      assertEquals(199999L * 200000 / 2, sum[0]);
    }
  }

  @Test
  void compressedBatchesTakeFewerBytesOnTheWireBothWays() throws Exception {
    String repetitive = "SELECT range % 10 AS small, 'carrier ' || (range % 5) AS name FROM range(200000)";
    try (ChaosProxy proxy = new ChaosProxy(source.location().getUri().getPort());
        MallardClient viaProxy = MallardClient.connect(proxy.location(), allocator);
        LocalDuckDb local = new LocalDuckDb()) {
      long[] plain = wireBytes(proxy, viaProxy, local, repetitive);
      viaProxy.setCompression(IpcCompression.ZSTD);
      long[] zstd = wireBytes(proxy, viaProxy, local, repetitive);
      assertTrue(zstd[0] * 3 < plain[0], "GET bytes: plain " + plain[0] + ", zstd " + zstd[0]);
      assertTrue(zstd[1] * 3 < plain[1], "PUT bytes: plain " + plain[1] + ", zstd " + zstd[1]);
      assertEquals(sourceClient.checksumQuery(repetitive), sourceClient.checksumTable("landed"));
    }
  }

  /** Bytes the server sent for a GET of {@code sql}, and bytes the client sent for a PUT of it. */
  private long[] wireBytes(ChaosProxy proxy, MallardClient client, LocalDuckDb local, String sql) throws Exception {
    long before = proxy.bytesFromServer();
    assertEquals(200000, client.get(sql, 65536, batch -> { }).rows());
    long get = proxy.bytesFromServer() - before;
    before = proxy.bytesToServer();
    try (QueryExport rows = local.export(sql, allocator, 65536)) {
      assertEquals(200000, client.put("landed", rows.reader(), PutMode.REPLACE, true).rows());
    }
    return new long[] {get, proxy.bytesToServer() - before};
  }

  @Test
  void aPlainArrowFlightClientReadsCompressedBatches() throws Exception {
    // Arrow Java decodes compressed bodies whenever arrow-compression is on its class path
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(IpcCompression.HEADER, "zstd");
    long sum = 0;
    try (FlightClient plain = FlightClient.builder(allocator, source.location()).build();
        FlightStream stream = plain.getStream(new Ticket("SELECT range AS id FROM range(100000)"
            .getBytes(StandardCharsets.UTF_8)), new HeaderCallOption(headers))) {
      while (stream.next()) {
        BigIntVector ids = (BigIntVector) stream.getRoot().getVector("id");
        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
          sum += ids.get(i);
        }
      }
    }
    assertEquals(99999L * 100000 / 2, sum);
  }

  @Test
  void lz4IsRefusedWithTheReasonAndTheAlternative() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> IpcCompression.parse("LZ4"));
    assertTrue(refused.getMessage().contains("use zstd"), refused.getMessage());
    assertEquals(IpcCompression.ZSTD, IpcCompression.parse(" Zstd "));
  }

  @Test
  void unknownCompressionIsRefusedByName() throws Exception {
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(IpcCompression.HEADER, "brotli");
    try (FlightClient plain = FlightClient.builder(allocator, source.location()).build()) {
      FlightRuntimeException refused = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = plain.getStream(new Ticket("SELECT 1".getBytes(StandardCharsets.UTF_8)),
            new HeaderCallOption(headers))) {
          stream.next();
        }
      });
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, refused.status().code());
      assertTrue(refused.getMessage().contains("brotli") && refused.getMessage().contains("zstd"),
          refused.getMessage());
    }
    assertEquals(1, sourceClient.checksumQuery("SELECT 1").rows());
  }
}
