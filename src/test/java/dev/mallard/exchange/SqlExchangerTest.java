package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqlExchangerTest {
  private static final String FILTER_AND_PROJECT =
      "SELECT id, k, name, x * 2 AS x2, ARR_DELAY > 15 AS delayed FROM input WHERE NOT CANCELLED";

  private ExchangeHarness harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = new ExchangeHarness();
    harness.generate("src", 200_000);
    // lets the checks run the very same SQL over the whole input at once
    harness.execute("CREATE TEMP VIEW input AS SELECT * FROM src");
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void filterAndProjectionPerBatchEqualsTheWholeInput() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run =
          harness.run(new SqlExchanger(), Map.of("sql", FILTER_AND_PROJECT), "SELECT * FROM src", sink);

      assertEquals(run.batchesIn(), sink.batchRows.size(), "batch in, batch out");
      ExchangeHarness.assertSameColumns(harness.schemaOf(FILTER_AND_PROJECT), sink.schema());
      assertEquals(harness.queryLong("SELECT count(*) FROM src WHERE NOT CANCELLED"), sink.rows());
      harness.assertSameRows("SELECT * FROM out", FILTER_AND_PROJECT);
    }
    assertEquals(0, harness.temporaryObjectsLeft(), "the session left its input view behind");
  }

  @Test
  void userSqlMayStartWithItsOwnWith() throws Exception {
    String sql = "WITH late AS (SELECT * FROM input WHERE ARR_DELAY > 60) SELECT id, ARR_DELAY FROM late";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new SqlExchanger(), Map.of("sql", sql), "SELECT * FROM src", sink);
      harness.assertSameRows("SELECT * FROM out", sql);
    }
  }

  @Test
  void sqlThatReadsInputTwiceStillWorks() throws Exception {
    // joining on a unique key pairs rows within one batch only, so per batch equals whole input
    String sql = "SELECT a.id, b.name FROM input a JOIN input b ON a.id = b.id WHERE a.k = 5";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new SqlExchanger(), Map.of("sql", sql), "SELECT * FROM src", sink);
      assertTrue(sink.rows() > 0);
      harness.assertSameRows("SELECT * FROM out", sql);
    }
    assertEquals(0, harness.temporaryObjectsLeft(), "the session left its copy of the input behind");
  }

  @Test
  void invalidSqlIsRejectedAtOpenWithDuckDbsMessage() throws Exception {
    String sql = "SELECT no_such_column FROM input";
    String duckdbMessage = duckDbErrorFor(sql);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
        harness.run(new SqlExchanger(), Map.of("sql", sql), "SELECT * FROM src", batch -> {}));
    assertTrue(error.getMessage().contains(duckdbMessage), error.getMessage());
    assertEquals(0, harness.temporaryObjectsLeft());
  }

  @Test
  void sqlFailingOnABatchReportsDuckDbsMessageAndTheBatch() throws Exception {
    // fails only on data: the empty probe at open passes, the 19th batch (rows 147456..155647) does not
    String sql = "SELECT CASE WHEN id = 150000 THEN error('bad row ' || id) ELSE id END AS id FROM input";
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
          harness.run(new SqlExchanger(), Map.of("sql", sql), "SELECT * FROM src ORDER BY id", sink));
      assertTrue(error.getMessage().contains("bad row 150000"), error.getMessage());
      assertTrue(error.getMessage().contains("batch 19"), error.getMessage());
      assertEquals(18, sink.batchRows.size(), "the batches before the failing one went out");
    }
    assertEquals(0, harness.temporaryObjectsLeft());
  }

  @Test
  void theSqlParameterMustBeAString() throws Exception {
    for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of(), Map.of("sql", 42), Map.of("sql", " "))) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
          harness.run(new SqlExchanger(), params, "SELECT * FROM src", batch -> {}));
      assertTrue(error.getMessage().contains("'sql'"), error.getMessage());
    }
  }

  @Test
  void zeroBatchesStillAnswerWithTheQuerysSchema() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      ExchangeHarness.Run run =
          harness.run(new SqlExchanger(), Map.of("sql", FILTER_AND_PROJECT), "SELECT * FROM src WHERE false", sink);

      assertEquals(0, run.batchesIn());
      assertEquals(List.of(0), sink.batchRows);
      ExchangeHarness.assertSameColumns(harness.schemaOf(FILTER_AND_PROJECT), sink.schema());
    }
  }

  @Test
  void anEmptyBatchGivesAnEmptyBatchOfTheQuerysSchema() throws Exception {
    try (CapturingSink sink = new CapturingSink(harness, "out")) {
      harness.run(new SqlExchanger(), Map.of("sql", FILTER_AND_PROJECT), "SELECT * FROM src WHERE false", true, sink);

      assertEquals(List.of(0), sink.batchRows);
      ExchangeHarness.assertSameColumns(harness.schemaOf(FILTER_AND_PROJECT), sink.schema());
    }
  }

  /** What DuckDB itself says about {@code sql} over the input. */
  private String duckDbErrorFor(String sql) {
    SQLException error = assertThrows(SQLException.class, () -> {
      try (Statement statement = harness.db.createStatement()) {
        statement.executeQuery(sql).close();
      }
    });
    return error.getMessage();
  }
}
