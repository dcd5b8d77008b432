package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AggregateExchangerTest {
  private static final List<Object> AGGREGATES = List.of(
      Map.of("fn", "sum", "column", "x", "as", "sum_x"),
      Map.of("fn", "sum", "column", "amount", "as", "sum_amount"),
      Map.of("fn", "sum", "column", "id", "as", "sum_id"),
      Map.of("fn", "count", "as", "n"),
      Map.of("fn", "count", "column", "ARR_DELAY", "as", "n_delay"),
      Map.of("fn", "min", "column", "name", "as", "min_name"),
      Map.of("fn", "max", "column", "amount", "as", "max_amount"),
      Map.of("fn", "avg", "column", "ARR_DELAY", "as", "avg_delay"),
      Map.of("fn", "avg", "column", "x", "as", "avg_x"));
  /** The same aggregates as DuckDB computes them over the whole input. */
  private static final String DUCKDB_AGGREGATES = "sum(x) AS sum_x, sum(amount) AS sum_amount, sum(id) AS sum_id,"
      + " count(*) AS n, count(ARR_DELAY) AS n_delay, min(name) AS min_name, max(amount) AS max_amount,"
      + " avg(ARR_DELAY) AS avg_delay, avg(x) AS avg_x";

  private ExchangeHarness harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = new ExchangeHarness();
    harness.generate("src", 200_000);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void groupByEqualsDuckDbsGroupByOverTheWholeInput() throws Exception {
    String expected = "SELECT k, " + DUCKDB_AGGREGATES + " FROM src GROUP BY k";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new AggregateExchanger(), Map.of("group_by", List.of("k"), "aggregates", AGGREGATES),
          "SELECT * FROM src", sink);

      ExchangeHarness.assertSameColumns(harness.schemaOf(expected), sink.schema());
      assertEquals(38, sink.rows(), "37 keys and NULL");
      harness.assertSameRows(rounded("out"), rounded("(" + expected + ")"));
    }
    assertEquals(0, harness.temporaryObjectsLeft(), "the session left its state table behind");
  }

  @Test
  void manyGroupsSurviveRepeatedCompactionOfTheState() throws Exception {
    // 50,000 groups, most in every batch: the state passes the compaction threshold several times
    String expected = "SELECT g, CANCELLED, " + DUCKDB_AGGREGATES + " FROM src GROUP BY g, CANCELLED";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new AggregateExchanger(), Map.of("group_by", List.of("g", "CANCELLED"), "aggregates", AGGREGATES),
          "SELECT * FROM src", sink);

      assertEquals(harness.queryLong("SELECT count(*) FROM (" + expected + ")"), sink.rows());
      harness.assertSameRows(rounded("out"), rounded("(" + expected + ")"));
    }
  }

  @Test
  void withoutGroupByItIsOneGlobalRow() throws Exception {
    String expected = "SELECT " + DUCKDB_AGGREGATES + " FROM src";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new AggregateExchanger(), Map.of("aggregates", AGGREGATES), "SELECT * FROM src", sink);

      ExchangeHarness.assertSameColumns(harness.schemaOf(expected), sink.schema());
      assertEquals(List.of(1), sink.batchRows);
      harness.assertSameRows(rounded("out"), rounded("(" + expected + ")"));
    }
  }

  @Test
  void zeroBatchesGiveNoGroupsButTheSchema() throws Exception {
    String expected = "SELECT k, " + DUCKDB_AGGREGATES + " FROM src WHERE false GROUP BY k";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run = harness.run(new AggregateExchanger(),
          Map.of("group_by", List.of("k"), "aggregates", AGGREGATES), "SELECT * FROM src WHERE false", sink);

      assertEquals(0, run.batchesIn());
      assertEquals(List.of(0), sink.batchRows);
      ExchangeHarness.assertSameColumns(harness.schemaOf(expected), sink.schema());
    }
  }

  @Test
  void aGlobalAggregateOfAnEmptyBatchIsDuckDbsEmptyAggregate() throws Exception {
    String expected = "SELECT " + DUCKDB_AGGREGATES + " FROM src WHERE false";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new AggregateExchanger(), Map.of("aggregates", AGGREGATES), "SELECT * FROM src WHERE false", true,
          sink);

      assertEquals(List.of(1), sink.batchRows, "count 0, the rest NULL");
      ExchangeHarness.assertSameColumns(harness.schemaOf(expected), sink.schema());
      harness.assertSameRows("SELECT * FROM out", expected);
    }
  }

  @Test
  void unknownColumnsAreNamedWithTheAvailableOnes() throws Exception {
    IllegalArgumentException error = rejected(Map.of("group_by", List.of("kk"),
        "aggregates", List.of(Map.of("fn", "sum", "column", "nope"), Map.of("fn", "min", "column", "NAME"))));
    assertTrue(error.getMessage().contains("'kk', 'nope'"), error.getMessage());
    assertTrue(!error.getMessage().contains("'NAME'"), "case-insensitive match resolves NAME: " + error.getMessage());
    for (Field field : harness.schemaOf("SELECT * FROM src").getFields()) {
      assertTrue(error.getMessage().contains(field.getName()), error.getMessage());
    }
  }

  @Test
  void unknownFunctionsAreRejectedWithTheAcceptedOnes() throws Exception {
    IllegalArgumentException error = rejected(Map.of("aggregates", List.of(Map.of("fn", "median", "column", "x"))));
    assertTrue(error.getMessage().contains("'median'"), error.getMessage());
    for (AggregateSpec.Fn fn : AggregateSpec.Fn.values()) {
      assertTrue(error.getMessage().contains(fn.wireName()), error.getMessage());
    }
  }

  @Test
  void parametersOfTheWrongShapeAreRejected() throws Exception {
    Map<Map<String, Object>, String> cases = Map.of(
        Map.of("group_by", "k", "aggregates", List.of(Map.of("fn", "count"))), "'group_by' must be a list",
        Map.of("group_by", List.of(7), "aggregates", List.of(Map.of("fn", "count"))), "'group_by' must be a list",
        Map.of("group_by", List.of("k")), "'aggregates' is required",
        Map.of("aggregates", List.of()), "'aggregates' is required",
        Map.of("aggregates", List.of("sum(x)")), "aggregates[0] must be an object",
        Map.of("aggregates", List.of(Map.of("fn", "sum"))), "sum needs a \"column\"",
        Map.of("aggregates", List.of(Map.of("fn", 3, "column", "x"))), "aggregates[0].fn is required",
        Map.of("aggregates", List.of(Map.of("fn", "count", "colum", "x"))), "unknown key 'colum'",
        Map.of("aggregates", List.of(Map.of("fn", "avg", "column", "name"))), "avg needs a numeric column",
        Map.of("group_by", List.of("k"), "aggregates", List.of(Map.of("fn", "max", "column", "x", "as", "K"))),
        "'K' appears twice");
    for (Map.Entry<Map<String, Object>, String> c : cases.entrySet()) {
      IllegalArgumentException error = rejected(c.getKey());
      assertTrue(error.getMessage().contains(c.getValue()), c.getKey() + " -> " + error.getMessage());
    }
  }

  private IllegalArgumentException rejected(Map<String, Object> params) {
    return assertThrows(IllegalArgumentException.class,
        () -> harness.run(new AggregateExchanger(), params, "SELECT * FROM src", batch -> {}));
  }

  /**
   * Averages rounded: DuckDB's integer avg divides in extended precision, ours in double, which
   * may differ in the last bit. Every other column must match exactly.
   */
  private static String rounded(String table) {
    return "SELECT * REPLACE (round(avg_delay, 9) AS avg_delay, round(avg_x, 9) AS avg_x) FROM " + table;
  }
}
