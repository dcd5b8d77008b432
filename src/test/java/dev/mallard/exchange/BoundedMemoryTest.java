package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming exchangers' Arrow memory depends on the batch size, not on the input size: ten
 * times the rows must not raise the peak.
 */
class BoundedMemoryTest {
  private static final long SMALL = 200_000;
  private static final long LARGE = 2_000_000;
  private static ExchangeHarness harness;

  @BeforeAll
  static void setUp() throws Exception {
    harness = new ExchangeHarness();
    harness.generate("big", LARGE);
  }

  @AfterAll
  static void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void sqlPeakDoesNotGrowWithTheInput() throws Exception {
    Map<String, Object> params = Map.of("sql", "SELECT *, ARR_DELAY > 15 AS delayed FROM input WHERE NOT CANCELLED");
    long expectedLarge = harness.queryLong("SELECT count(*) FROM big WHERE NOT CANCELLED");
    long expectedSmall = harness.queryLong("SELECT count(*) FROM (SELECT * FROM big LIMIT " + SMALL + ") WHERE NOT CANCELLED");
    assertBounded(new SqlExchanger(), params, expectedSmall, expectedLarge);
  }

  @Test
  void aggregatePeakDoesNotGrowWithTheInput() throws Exception {
    Map<String, Object> params = Map.of("group_by", List.of("k"), "aggregates", List.of(
        Map.of("fn", "sum", "column", "x"), Map.of("fn", "avg", "column", "ARR_DELAY"), Map.of("fn", "count")));
    assertBounded(new AggregateExchanger(), params, 38, 38);
  }

  private static void assertBounded(Exchanger exchanger, Map<String, Object> params, long smallRows, long largeRows)
      throws Exception {
    CountingSink small = new CountingSink();
    ExchangeHarness.Run smallRun = harness.run(exchanger, params, "SELECT * FROM big LIMIT " + SMALL, small);
    CountingSink large = new CountingSink();
    ExchangeHarness.Run largeRun = harness.run(exchanger, params, "SELECT * FROM big", large);

    assertEquals(smallRows, small.rows);
    assertEquals(largeRows, large.rows);
    long batchBytes = largeRun.largestInputBatchBytes();
    System.out.printf("%s: one input batch %,d B; exchange peak %,d B for %,d rows, %,d B for %,d rows;"
            + " input+exchange peak %,d B then %,d B; %,d rows in %d ms%n",
        exchanger.name(), batchBytes, smallRun.exchangePeakBytes(), SMALL, largeRun.exchangePeakBytes(), LARGE,
        smallRun.runPeakBytes(), largeRun.runPeakBytes(), LARGE, largeRun.nanos() / 1_000_000);
    assertTrue(largeRun.exchangePeakBytes() < 16 * batchBytes,
        "exchange peak " + largeRun.exchangePeakBytes() + " B is not under 16 input batches (" + 16 * batchBytes + " B)");
    assertTrue(largeRun.runPeakBytes() < 16 * batchBytes,
        "input+exchange peak " + largeRun.runPeakBytes() + " B is not under 16 input batches (" + 16 * batchBytes + " B)");
    // ten times the input, and at most one batch more at the peak (allocation rounding)
    assertTrue(largeRun.exchangePeakBytes() <= smallRun.exchangePeakBytes() + batchBytes,
        "peak grew with the input: " + smallRun.exchangePeakBytes() + " B -> " + largeRun.exchangePeakBytes() + " B");
    assertTrue(largeRun.runPeakBytes() <= smallRun.runPeakBytes() + batchBytes,
        "input+exchange peak grew with the input: " + smallRun.runPeakBytes() + " B -> " + largeRun.runPeakBytes() + " B");
  }

  /** Counts rows and keeps nothing. */
  private static final class CountingSink implements BatchSink {
    long rows;

    @Override
    public void send(org.apache.arrow.vector.VectorSchemaRoot batch) {
      rows += batch.getRowCount();
    }
  }
}
