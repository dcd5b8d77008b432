package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.FailingReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PutAllOrNothingTest extends ServerTestBase {
  TableChecksum before;

  @BeforeEach
  void seed() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS id, 'seed ' || range AS name FROM range(100)", allocator, 64)) {
      client.put("target", rows.reader(), PutMode.CREATE);
    }
    before = client.checksumTable("target");
    assertEquals(100, before.rows());
  }

  @Test
  void aSenderDyingMidStreamLeavesTheTableAsItWas() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS id, 'new ' || range AS name FROM range(200000)", allocator, 8192)) {
      FailingReader dying = new FailingReader(allocator, rows.reader(), 5);
      IOException e = assertThrows(IOException.class, () -> client.put("target", dying, PutMode.APPEND));
      // the sender's own failure reaches the caller, not some later error
      assertEquals("sender failed after 5 batches", e.getMessage());
    }
    assertEquals(before, client.checksumTable("target"));
  }

  @Test
  void aFailedReplaceKeepsTheOldContents() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS other FROM range(100000)", allocator, 8192)) {
      FailingReader dying = new FailingReader(allocator, rows.reader(), 3);
      IOException e = assertThrows(IOException.class, () -> client.put("target", dying, PutMode.REPLACE));
      assertEquals("sender failed after 3 batches", e.getMessage());
    }
    assertEquals(before, client.checksumTable("target"));
  }

  @Test
  void aFailedFirstPutCreatesNoTable() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS id FROM range(100000)", allocator, 8192)) {
      FailingReader dying = new FailingReader(allocator, rows.reader(), 2);
      IOException e = assertThrows(IOException.class, () -> client.put("never_made", dying, PutMode.APPEND));
      assertEquals("sender failed after 2 batches", e.getMessage());
    }
    List<Map<String, Object>> tables = client.listTables();
    assertEquals(List.of("target"), tables.stream().map(t -> t.get("name")).toList());
  }

  @Test
  void differentColumnNamesAreRefusedWithTheColumnsNamed() throws Exception {
    try (QueryExport rows = local.export("SELECT range AS id, range AS price FROM range(10)", allocator, 64)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.put("target", rows.reader(), PutMode.APPEND));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
      assertTrue(e.getMessage().contains("price") && e.getMessage().contains("name"), e.getMessage());
    }
    assertEquals(before, client.checksumTable("target"));
  }

  @Test
  void valuesThatDoNotFitTheColumnTypeRollBackEveryRow() throws Exception {
    // the first 5000 rows cast fine into BIGINT; the last one does not, after many batches went in
    String sql = "SELECT CASE WHEN range = 4999 THEN 'not a number' ELSE range::VARCHAR END AS id, 'x' AS name"
        + " FROM range(5000)";
    try (QueryExport rows = local.export(sql, allocator, 256)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.put("target", rows.reader(), PutMode.APPEND));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
      assertTrue(e.getMessage().contains("not a number"), e.getMessage());
    }
    assertEquals(before, client.checksumTable("target"));
  }

  @Test
  void createOnAnExistingTableIsAlreadyExists() throws Exception {
    try (QueryExport rows = local.export("SELECT 1 AS id, 'x' AS name", allocator, 64)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.put("target", rows.reader(), PutMode.CREATE));
      assertEquals(FlightStatusCode.ALREADY_EXISTS, e.status().code());
    }
    assertEquals(before, client.checksumTable("target"));
  }

  @Test
  void tableNamesShapedLikeInjectionAreJustNames() throws Exception {
    String hostile = "x\"; DROP TABLE target; --";
    try (QueryExport rows = local.export("SELECT 42 AS answer", allocator, 64)) {
      assertEquals(1, client.put(hostile, rows.reader(), PutMode.CREATE).rows());
    }
    assertEquals(before, client.checksumTable("target"));
    assertEquals(1, client.checksumTable(hostile).rows());
    client.dropTable(hostile);
    assertEquals(before, client.checksumTable("target"));
  }
}
