package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;

/** IPC body compression, each way: every path moves the same data with it as without it. */
class CompressionTest extends ServerPairTestBase {
  static final String ALL_TYPES = GetPutRoundTripTest.ALL_TYPES;

  @Test
  void getReturnsTheSameRowsCompressed() throws Exception {
    String plain = GetPutRoundTripTest.tsv(client1, "SELECT * REPLACE (hex(bin) AS bin) FROM (" + ALL_TYPES + ")");
    client1.setCompression(IpcCompression.ZSTD);
    String compressed = GetPutRoundTripTest.tsv(client1,
        "SELECT * REPLACE (hex(bin) AS bin) FROM (" + ALL_TYPES + ")");
    assertEquals(plain, compressed);
  }

  @Test
  void putAndRelayAndDirectTransferMoveEveryTypeCompressed() throws Exception {
    client1.setCompression(IpcCompression.ZSTD);
    client2.setCompression(IpcCompression.ZSTD);
    try (LocalDuckDb local = new LocalDuckDb();
        QueryExport rows = local.export(ALL_TYPES, allocator, 1000)) {
      assertEquals(5000, client1.put("all_types", rows.reader(), PutMode.CREATE, true).rows());
    }
    TableChecksum expected = client1.checksumQuery(ALL_TYPES);
    assertEquals(expected, client1.checksumTable("all_types"));

    assertEquals(5000, client1.transferRelay(client2, "SELECT * FROM all_types", "relayed", PutMode.CREATE,
        1000).rows());
    assertEquals(expected, client2.checksumTable("relayed"));
    assertEquals(5000, client1.transferDirect(client2, "SELECT * FROM all_types", "direct", PutMode.CREATE,
        1000).rows());
    assertEquals(expected, client2.checksumTable("direct"));
  }

  @Test
  void exchangeSendsAndReceivesCompressed() throws Exception {
    client1.setCompression(IpcCompression.ZSTD);
    try (LocalDuckDb local = new LocalDuckDb();
        QueryExport rows = local.export("SELECT range AS id, range::VARCHAR AS name FROM range(200000)", allocator,
            8192)) {
      long[] sum = {0};
      StreamStats out = client1.exchange("echo", rows.reader(), true, batch -> {
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
    try (ChaosProxy proxy = new ChaosProxy(one.location().getUri().getPort());
        MallardClient viaProxy = MallardClient.connect(proxy.location(), allocator);
        LocalDuckDb local = new LocalDuckDb()) {
      long[] plain = wireBytes(proxy, viaProxy, local, repetitive);
      viaProxy.setCompression(IpcCompression.ZSTD);
      long[] zstd = wireBytes(proxy, viaProxy, local, repetitive);
      assertTrue(zstd[0] * 3 < plain[0], "GET bytes: plain " + plain[0] + ", zstd " + zstd[0]);
      assertTrue(zstd[1] * 3 < plain[1], "PUT bytes: plain " + plain[1] + ", zstd " + zstd[1]);
      assertEquals(client1.checksumQuery(repetitive), client1.checksumTable("landed"));
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
  void autoCompressesOverAThinLinkAndAPlainArrowClientReadsTheStreamWhoseCodecChanges() throws Exception {
    // 20 batches of about 4 MB plain, 5x smaller with ZSTD, over a 16 MB/s link: the two warm-up
    // batches fill the socket and gRPC buffers, then the probe's compressed batches move rows far
    // faster than its plain ones, so auto sends everything after the probe compressed
    String sql = "SELECT range AS id, 'carrier ' || (range % 5) AS name FROM range(4000000)";
    String ticket = "{\"sql\": \"" + sql + "\", \"batch_size\": 200000}";
    try (ChaosProxy proxy = new ChaosProxy(one.location().getUri().getPort());
        FlightClient plain = FlightClient.builder(allocator, proxy.location()).build()) {
      long before = proxy.bytesFromServer();
      assertEquals(3999999L * 4000000 / 2, sumOfIds(plain, ticket, "none"));
      long plainBytes = proxy.bytesFromServer() - before;
      proxy.throttleFromServer(16_000_000);
      before = proxy.bytesFromServer();
      assertEquals(3999999L * 4000000 / 2, sumOfIds(plain, ticket, "auto"));
      long autoBytes = proxy.bytesFromServer() - before;
      assertTrue(autoBytes < plainBytes * 0.6, "auto sent " + autoBytes + " bytes, plain " + plainBytes);
    }
  }

  private static long sumOfIds(FlightClient client, String ticket, String compression) throws Exception {
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(IpcCompression.HEADER, compression);
    long sum = 0;
    try (FlightStream stream = client.getStream(new Ticket(ticket.getBytes(StandardCharsets.UTF_8)),
        new HeaderCallOption(headers))) {
      while (stream.next()) {
        BigIntVector ids = (BigIntVector) stream.getRoot().getVector("id");
        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
          sum += ids.get(i);
        }
      }
    }
    return sum;
  }

  @Test
  void aPlainArrowFlightClientReadsCompressedBatches() throws Exception {
    // Arrow Java decodes compressed bodies whenever arrow-compression is on its class path
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(IpcCompression.HEADER, "zstd");
    long sum = 0;
    try (FlightClient plain = FlightClient.builder(allocator, one.location()).build();
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
    try (FlightClient plain = FlightClient.builder(allocator, one.location()).build()) {
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
    assertEquals(1, client1.checksumQuery("SELECT 1").rows());
  }
}
