package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.SchemaResult;
import org.junit.jupiter.api.Test;

class StreamLifecycleTest extends ServerTestBase {

  @Test
  void clientCancellingMidStreamLeavesTheServerHealthyAndLeakFree() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (FlightStream stream = client.get("SELECT range AS id, range::VARCHAR AS s FROM range(5000000)", 8192)) {
        assertTrue(stream.next());
        assertTrue(stream.next());
        stream.cancel("enough", null);
      }
    }
    TestServers.assertNoArrowMemory(server.allocator());
    long[] rows = {0};
    client.get("SELECT * FROM range(1000)", 0, root -> rows[0] += root.getRowCount());
    assertEquals(1000, rows[0]);
  }

  @Test
  void eightConcurrentClientsEachGetTheirOwnRowsBack() throws Exception {
    int clients = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<TableChecksum[]>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int id = i;
        results.add(pool.submit(() -> {
          try (MallardClient own = MallardClient.connect(server.location(), allocator);
              dev.mallard.testing.LocalDuckDb mine = new dev.mallard.testing.LocalDuckDb()) {
            String sql = "SELECT range AS id, " + id + " AS client, md5(range::VARCHAR) AS payload FROM range("
                + (50_000 + id * 1000) + ")";
            try (QueryExport rows = mine.export(sql, allocator, 4096)) {
              own.put("client_" + id, rows.reader(), PutMode.CREATE);
            }
            // read it back through a GET that streams while the others write
            long[] seen = {0};
            own.get("SELECT * FROM client_" + id, 8192, root -> seen[0] += root.getRowCount());
            assertEquals(50_000 + id * 1000, seen[0]);
            return new TableChecksum[] {own.checksumQuery(sql), own.checksumTable("client_" + id)};
          }
        }));
      }
      for (Future<TableChecksum[]> result : results) {
        TableChecksum[] pair = result.get();
        assertEquals(pair[0], pair[1]);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(clients, client.listTables().size());
  }

  @Test
  void flightInfoSchemaAndListingDescribeTables() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS id, 'n' || range AS name FROM range(1234)", allocator, 100)) {
      client.put("people", rows.reader(), PutMode.CREATE);
    }
    List<FlightInfo> listed = new ArrayList<>();
    client.flight().listFlights(org.apache.arrow.flight.Criteria.ALL).forEach(listed::add);
    assertEquals(1, listed.size());
    assertEquals(List.of("people"), listed.get(0).getDescriptor().getPath());
    assertEquals(1234, listed.get(0).getRecords());

    FlightInfo info = client.flight().getInfo(FlightDescriptor.path("people"));
    assertEquals(List.of("id", "name"), info.getSchema().getFields().stream().map(f -> f.getName()).toList());
    // the ticket the server hands out works for DoGet
    long rows = 0;
    try (FlightStream stream = client.flight().getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    }
    assertEquals(1234, rows);

    FlightDescriptor query = FlightDescriptor.command(
        "SELECT name, id * 2 AS twice FROM people WHERE id < 10".getBytes(StandardCharsets.UTF_8));
    SchemaResult schema = client.flight().getSchema(query);
    assertEquals(List.of("name", "twice"), schema.getSchema().getFields().stream().map(f -> f.getName()).toList());
    FlightInfo queryInfo = client.flight().getInfo(query);
    rows = 0;
    try (FlightStream stream = client.flight().getStream(queryInfo.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    }
    assertEquals(10, rows);
  }

  @Test
  void actionsListHealthAndDrop() throws Exception {
    try (QueryExport rows = local.export("SELECT 1 AS a", allocator, 10)) {
      client.put("one", rows.reader(), PutMode.CREATE);
    }
    assertEquals(List.of(java.util.Map.of("name", "one", "rows", 1)), client.listTables());
    assertEquals(1, client.health().get("tables"));
    List<String> actionNames = new ArrayList<>();
    client.flight().listActions().forEach(a -> actionNames.add(a.getType()));
    assertTrue(actionNames.containsAll(List.of("health", "list_tables", "drop_table", "transfer", "list_exchangers")));
    client.dropTable("one");
    assertTrue(client.listTables().isEmpty());
  }
}
