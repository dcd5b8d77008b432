package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.LocalDuckDb;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

public class GetPutRoundTripTest extends ServerPairTestBase {
  /** Every type family DuckDB maps to Arrow, with the awkward values: NaN, infinities, unicode, empty, NULL. */
  public static final String ALL_TYPES = "SELECT i AS id,"
      + " (i % 127)::TINYINT AS tiny, (i * 7 % 30000)::SMALLINT AS small, (i * 1000)::INTEGER AS int32,"
      + " (i * 100000000000)::BIGINT AS int64, (i % 256)::UTINYINT AS utiny, (i * 3)::UBIGINT AS ubig,"
      + " CASE i % 4 WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN 'Infinity'::DOUBLE WHEN 2 THEN '-Infinity'::DOUBLE"
      + "   ELSE i / 7.0 END AS dbl,"
      + " (i / 3.0)::FLOAT AS flt, (i * 1.125)::DECIMAL(18, 3) AS dec18, (i * 12345.6789)::DECIMAL(38, 10) AS dec38,"
      + " CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'Düsseldorf ✈ 東京 🦆' ELSE 'row ' || i END AS str,"
      + " i % 2 = 0 AS flag, DATE '2020-01-01' + (i % 1000)::INTEGER AS day,"
      + " TIMESTAMP '2021-06-01 12:00:00' + to_seconds(i) AS ts,"
      + " TIMESTAMPTZ '2021-06-01 12:00:00+02' + to_seconds(i) AS tstz,"
      + " ('\\x' || lpad(to_hex(i % 256), 2, '0'))::BLOB AS bin,"
      + " CASE WHEN i % 6 = 0 THEN NULL ELSE [i, i + 1, NULL] END AS list,"
      + " {'a': i, 'b': 'x' || i, 'c': [i::DOUBLE]} AS strct"
      + " FROM range(0, 5000) t(i)";

  @Test
  void everyTypeSurvivesGetThenPutThenGet() throws Exception {
    StreamStats moved = client1.transferRelay(client2, ALL_TYPES, "all_types", PutMode.CREATE, 1000);
    assertEquals(5000, moved.rows());
    assertTrue(moved.batches() >= 5, "expected several batches, got " + moved.batches());

    TableChecksum expected = client1.checksumQuery(ALL_TYPES);
    TableChecksum actual = client2.checksumTable("all_types");
    assertEquals(expected, actual);
    // BLOBs print as object ids in TSV, so compare them as hex
    String readable = "SELECT * REPLACE (hex(bin) AS bin) FROM ";
    assertEquals(tsv(client1, readable + "(" + ALL_TYPES + ") ORDER BY id"),
        tsv(client2, readable + "all_types ORDER BY id"));
    assertEquals(types(client1, "SELECT * FROM (" + ALL_TYPES + ")"), types(client2, "SELECT * FROM all_types"));
  }

  @Test
  void emptyResultStillCarriesTheSchema() throws Exception {
    try (FlightStream stream = client1.get("SELECT 1::INTEGER AS a, 'x' AS b WHERE false")) {
      assertEquals(List.of("a", "b"), stream.getSchema().getFields().stream().map(f -> f.getName()).toList());
      long rows = 0;
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
      assertEquals(0, rows);
    }
  }

  @Test
  void putOfZeroBatchesCreatesAnEmptyTableAndEmptyBatchesAddNothing() throws Exception {
    try (LocalDuckDb local = new LocalDuckDb()) {
      try (QueryExport empty = local.export("SELECT 1::BIGINT AS a, 'x' AS b WHERE false", allocator, 1024)) {
        assertEquals(0, client1.put("empty_one", empty.reader(), PutMode.CREATE).rows());
      }
      assertEquals(new TableChecksum(0, "0"), client1.checksumTable("empty_one"));
      try (QueryExport some = local.export("SELECT range AS a, 'v' || range AS b FROM range(10)", allocator, 4)) {
        assertEquals(10, client1.put("empty_one", some.reader(), PutMode.APPEND).rows());
      }
      assertEquals(10, client1.checksumTable("empty_one").rows());
    }
  }

  @Test
  void largeGetStreamsInManyBatchesWithBoundedServerMemory() throws Exception {
    long rows = 3_000_000;
    int batch = 65_536;
    List<Integer> batchSizes = new ArrayList<>();
    StreamStats stats = client1.get(
        "SELECT range AS id, range * 2 AS twice, range % 1000 AS small FROM range(" + rows + ")", batch,
        root -> batchSizes.add(root.getRowCount()));
    assertEquals(rows, stats.rows());
    assertTrue(batchSizes.size() >= rows / batch, "expected many batches, got " + batchSizes.size());
    assertTrue(batchSizes.stream().allMatch(n -> n <= batch), "a batch exceeded the requested size");
    long wholeResult = rows * 24;
    long peak = one.allocator().getPeakMemoryAllocation();
    // the whole result is 72 MB; the server may hold a few 1.5 MB batches, not the result
    assertTrue(peak < wholeResult / 4, "server peaked at " + peak + " bytes for a " + wholeResult + "-byte result");
  }

  @Test
  void perCallBatchSizeOverridesTheServerDefault() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    client1.get("SELECT * FROM range(10000)", 1000, root -> sizes.add(root.getRowCount()));
    assertEquals(10, sizes.size());
    assertTrue(sizes.stream().allMatch(n -> n == 1000));
  }

  @Test
  void everyTypePutFromDuckDbWithoutCopyArrivesUnchanged() throws Exception {
    try (LocalDuckDb local = new LocalDuckDb();
        QueryExport rows = local.export(ALL_TYPES, allocator, 1000)) {
      assertEquals(5000, client2.put("all_types", rows.reader(), PutMode.CREATE, true).rows());
    }
    assertEquals(client1.checksumQuery(ALL_TYPES), client2.checksumTable("all_types"));
  }

  @Test
  void putReportsRowsAndReplaceSwapsContents() throws Exception {
    try (LocalDuckDb local = new LocalDuckDb()) {
      try (QueryExport rows = local.export("SELECT range AS a FROM range(1000)", allocator, 100)) {
        assertEquals(1000, client1.put("t", rows.reader(), PutMode.APPEND).rows());
      }
      try (QueryExport rows = local.export("SELECT range AS a FROM range(5)", allocator, 100)) {
        assertEquals(5, client1.put("t", rows.reader(), PutMode.REPLACE).rows());
      }
      assertEquals(5, client1.checksumTable("t").rows());
    }
  }

  static String tsv(MallardClient client, String sql) throws Exception {
    StringBuilder text = new StringBuilder();
    client.get(sql, 0, (VectorSchemaRoot root) -> text.append(root.contentToTSVString()));
    return text.toString();
  }

  static String types(MallardClient client, String sql) throws Exception {
    StringBuilder text = new StringBuilder();
    client.get("SELECT column_name, column_type FROM (DESCRIBE " + sql + ")", 0,
        (VectorSchemaRoot root) -> text.append(root.contentToTSVString()));
    return text.toString();
  }
}
