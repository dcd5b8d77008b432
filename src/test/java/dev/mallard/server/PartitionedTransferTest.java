package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.LocalDuckDb;
import dev.mallard.wire.MallardAction;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Direct TRANSFER as several partitions at once: every partition lands, or the target is as before. */
class PartitionedTransferTest extends ServerPairTestBase {
  private static final int ROWS = 300_000;
  private static final String ITEMS = "SELECT range AS k, range * 3 AS v, 'item ' || range AS s FROM range(" + ROWS + ")";

  @BeforeEach
  void loadSourceAndTarget() throws Exception {
    try (LocalDuckDb local = new LocalDuckDb()) {
      try (QueryExport rows = local.export(ITEMS, allocator, 50_000)) {
        client1.put("items", rows.reader(), PutMode.CREATE);
      }
      try (QueryExport rows = local.export("SELECT -range - 1 AS k, 0::BIGINT AS v, 'old' AS s FROM range(1000)",
          allocator, 50_000)) {
        client2.put("items", rows.reader(), PutMode.CREATE);
      }
    }
  }

  private List<String> tablesOnTarget() {
    return client2.listTables().stream().map(t -> (String) t.get("name")).toList();
  }

  @Test
  void threePartitionsAppendEveryRowOnce() throws Exception {
    TableChecksum before = client2.checksumTable("items");
    StreamStats moved = client1.transferDirect(client2, "SELECT * FROM items", "items", PutMode.APPEND, 20_000, 3);
    assertEquals(ROWS, moved.rows());
    assertEquals(ROWS + 1000, client2.checksumTable("items").rows());
    assertEquals(client1.checksumTable("items"), client2.checksumQuery("SELECT * FROM items WHERE k >= 0"));
    assertEquals(before, client2.checksumQuery("SELECT * FROM items WHERE k < 0"));
    assertEquals(List.of("items"), tablesOnTarget());
  }

  @Test
  void replaceWithPartitionsOfAFilteredQuery() throws Exception {
    String query = "SELECT k, v FROM items WHERE k % 2 = 0";
    client1.transferDirect(client2, query, "items", PutMode.REPLACE, 20_000, 4);
    assertEquals(client1.checksumQuery(query), client2.checksumTable("items"));
    assertEquals(List.of("items"), tablesOnTarget());
  }

  @Test
  void onePartitionFailingPartwayLeavesTheTargetUnchangedAndNoStagingTables() throws Exception {
    TableChecksum before = client2.checksumTable("items");
    // the third of three partitions (rowids 200,000 - 299,999) fails near its end, after the others landed in staging
    String failing = "SELECT k, CASE WHEN k = 299000 THEN error('boom at 299000') ELSE v END AS v, s FROM items";
    FlightRuntimeException failed = assertThrows(FlightRuntimeException.class,
        () -> client1.transferDirect(client2, failing, "items", PutMode.APPEND, 10_000, 3));
    assertTrue(failed.getMessage().contains("boom at 299000"), failed.getMessage());
    assertEquals(before, client2.checksumTable("items"));
    assertEquals(List.of("items"), tablesOnTarget());
    // and the servers keep serving: the same transfer without the failure lands
    client1.transferDirect(client2, "SELECT * FROM items", "items", PutMode.APPEND, 10_000, 3);
    assertEquals(ROWS + 1000, client2.checksumTable("items").rows());
  }

  @Test
  void commitStagedRefusesTablesThatAreNotStagingTables() {
    FlightRuntimeException refused = assertThrows(FlightRuntimeException.class, () -> client2.flight()
        .doAction(new Action(MallardAction.COMMIT_STAGED.type(),
            dev.mallard.wire.WireJson.bytes(Map.of("target_table", "x", "staging", List.of("items")))))
        .hasNext());
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, refused.status().code());
    assertEquals(List.of("items"), tablesOnTarget());
  }
}
