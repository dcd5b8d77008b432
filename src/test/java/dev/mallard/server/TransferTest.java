package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.TableChecksum;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TRANSFER in both modes: equal content on both sides, and all-or-nothing when the source dies halfway. */
class TransferTest extends ServerPairTestBase {
  static final String BIG = "SELECT range AS id, range % 97 AS bucket, md5(range::VARCHAR) AS payload,"
      + " range * 0.25 AS amount FROM range(2000000)";

  private StreamStats transfer(String mode, String query, String table, PutMode put) throws Exception {
    return "direct".equals(mode)
        ? client1.transferDirect(client2, query, table, put, 65536)
        : client1.transferRelay(client2, query, table, put, 65536);
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay", "direct"})
  void twoMillionRowsArriveIdentical(String mode) throws Exception {
    StreamStats stats = transfer(mode, BIG, "big", PutMode.CREATE);
    assertEquals(2_000_000, stats.rows());
    assertTrue(stats.batches() >= 2_000_000 / 65536, "batches " + stats.batches());
    assertTrue(stats.bytes() > 2_000_000L * 32, "bytes " + stats.bytes());
    assertEquals(client1.checksumQuery(BIG), client2.checksumTable("big"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay", "direct"})
  void everyColumnTypeArrivesIdentical(String mode) throws Exception {
    transfer(mode, GetPutRoundTripTest.ALL_TYPES, "all_types", PutMode.CREATE);
    assertEquals(client1.checksumQuery(GetPutRoundTripTest.ALL_TYPES), client2.checksumTable("all_types"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay", "direct"})
  void aTransferThatDiesHalfwayLeavesTheTargetUnchanged(String mode) throws Exception {
    transfer(mode, "SELECT range AS id FROM range(1000)", "target", PutMode.CREATE);
    TableChecksum before = client2.checksumTable("target");
    // the source fails after about a million rows have already streamed into the target's transaction
    String dying = "SELECT CASE WHEN range < 1000000 THEN range ELSE error('source died at ' || range) END AS id"
        + " FROM range(2000000)";
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> transfer(mode, dying, "target", PutMode.REPLACE));
    assertTrue(e.status().code() != FlightStatusCode.OK);
    assertEquals(before, client2.checksumTable("target"));
    // both servers keep serving
    assertEquals(2_000_000, transfer(mode, BIG, "target", PutMode.REPLACE).rows());
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay", "direct"})
  void appendAddsToWhatIsThere(String mode) throws Exception {
    transfer(mode, "SELECT range AS id FROM range(10)", "grow", PutMode.CREATE);
    transfer(mode, "SELECT range + 10 AS id FROM range(10)", "grow", PutMode.APPEND);
    assertEquals(client1.checksumQuery("SELECT range AS id FROM range(20)"), client2.checksumTable("grow"));
  }
}
