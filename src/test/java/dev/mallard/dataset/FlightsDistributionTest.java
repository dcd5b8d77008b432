package dev.mallard.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.DuckDbOpener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated values look like airline traffic: checked on 50,000 rows with DuckDB. */
class FlightsDistributionTest {
  static final long ROWS = 50_000;
  static final List<String> TIME_COLUMNS = List.of("CRS_DEP_TIME", "DEP_TIME", "ARR_TIME");
  static final List<String> ACTUALS = List.of("DEP_TIME", "DEP_DELAY", "ARR_TIME", "ARR_DELAY", "AIR_TIME");

  @TempDir static Path dir;
  static Connection connection;

  @BeforeAll
  static void generate() throws Exception {
    Path file = dir.resolve("flights.parquet");
    FlightsDataset.generate(file, ROWS, 42, GenerationProgress.NONE);
    connection = DuckDbOpener.inMemory().openInMemory();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE f AS SELECT * FROM '" + file + "'");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void hasTheRequestedRowCount() throws SQLException {
    assertEquals(ROWS, number("SELECT count(*) FROM f"));
  }

  @Test
  void aboutTwoPercentAreCancelledAndExactlyThoseLackActualTimes() throws SQLException {
    double share = number("SELECT avg(CANCELLED::INTEGER) FROM f");
    assertTrue(share > 0.01 && share < 0.03, "cancelled share " + share);
    String anyActualNull = String.join(" OR ", ACTUALS.stream().map(c -> c + " IS NULL").toList());
    String anyActualSet = String.join(" OR ", ACTUALS.stream().map(c -> c + " IS NOT NULL").toList());
    assertEquals(0, number("SELECT count(*) FROM f WHERE CANCELLED AND (" + anyActualSet + ")"));
    assertEquals(0, number("SELECT count(*) FROM f WHERE NOT CANCELLED AND (" + anyActualNull + ")"));
    assertEquals(0, number("SELECT count(*) FROM f WHERE CANCELLED IS NULL OR FL_DATE IS NULL OR OP_CARRIER IS NULL"
        + " OR OP_CARRIER_FL_NUM IS NULL OR ORIGIN IS NULL OR DEST IS NULL OR CRS_DEP_TIME IS NULL OR DISTANCE IS NULL"));
  }

  @Test
  void aFewHubsDominateTheAirports() throws SQLException {
    double airports = number("SELECT count(DISTINCT ORIGIN) FROM f");
    assertTrue(airports >= 50, "airports " + airports);
    double topShare = number("SELECT max(n) / sum(n) FROM (SELECT count(*) AS n FROM f GROUP BY ORIGIN)");
    assertTrue(topShare > 3 / airports, "top airport share " + topShare + " vs uniform " + 1 / airports);
    List<String> topFive = strings("SELECT ORIGIN FROM f GROUP BY ORIGIN ORDER BY count(*) DESC LIMIT 5");
    assertTrue(Set.of("ATL", "ORD", "DFW", "DEN", "CLT", "LAX").containsAll(topFive), "top origins " + topFive);
    List<String> topDestinations = strings("SELECT DEST FROM f GROUP BY DEST ORDER BY count(*) DESC LIMIT 5");
    assertTrue(Set.of("ATL", "ORD", "DFW", "DEN", "CLT", "LAX").containsAll(topDestinations),
        "top destinations " + topDestinations);
  }

  @Test
  void aFewCarriersDominate() throws SQLException {
    double carriers = number("SELECT count(DISTINCT OP_CARRIER) FROM f");
    double topShare = number("SELECT max(n) / sum(n) FROM (SELECT count(*) AS n FROM f GROUP BY OP_CARRIER)");
    assertTrue(topShare > 2 / carriers, "top carrier share " + topShare + " vs uniform " + 1 / carriers);
    List<String> topThree = strings("SELECT OP_CARRIER FROM f GROUP BY 1 ORDER BY count(*) DESC LIMIT 3");
    assertEquals(List.of("WN", "DL", "AA"), topThree);
  }

  @Test
  void codesHaveTheirFixedLengths() throws SQLException {
    assertEquals(0, number("SELECT count(*) FROM f WHERE NOT regexp_full_match(OP_CARRIER, '[A-Z0-9]{2}')"
        + " OR NOT regexp_full_match(ORIGIN, '[A-Z]{3}') OR NOT regexp_full_match(DEST, '[A-Z]{3}')"));
  }

  @Test
  void noFlightReturnsToItsOrigin() throws SQLException {
    assertEquals(0, number("SELECT count(*) FROM f WHERE ORIGIN = DEST"));
  }

  @Test
  void distanceIsAPropertyOfTheAirportPair() throws SQLException {
    assertEquals(0, number("SELECT count(*) FROM (SELECT ORIGIN, DEST FROM f GROUP BY ALL"
        + " HAVING count(DISTINCT DISTANCE) > 1)"));
    assertEquals(0, number("SELECT count(*) FROM (SELECT DISTINCT ORIGIN, DEST, DISTANCE FROM f) a"
        + " JOIN (SELECT DISTINCT ORIGIN, DEST, DISTANCE FROM f) b ON a.ORIGIN = b.DEST AND a.DEST = b.ORIGIN"
        + " WHERE a.DISTANCE <> b.DISTANCE"));
    // BTS reports ATL-LAX as 1,946 miles; a spherical earth is within 1% of that
    double atlLax = number("SELECT any_value(DISTANCE) FROM f WHERE ORIGIN = 'ATL' AND DEST = 'LAX'");
    assertTrue(Math.abs(atlLax - 1946) <= 19, "ATL-LAX " + atlLax);
    assertTrue(number("SELECT min(DISTANCE) FROM f") > 0);
  }

  @Test
  void shortLegsOutnumberLongOnes() throws SQLException {
    // BTS flights average about 800 miles; independent origin and destination draws would give ~1,260
    double mean = number("SELECT avg(DISTANCE) FROM f");
    assertTrue(mean > 700 && mean < 1100, "mean distance " + mean);
    assertTrue(number("SELECT avg((DISTANCE < 100)::INTEGER) FROM f") < 0.005, "hops nobody flies");
  }

  @Test
  void airTimeFollowsDistance() throws SQLException {
    assertTrue(number("SELECT corr(AIR_TIME, DISTANCE) FROM f") > 0.95);
    assertTrue(number("SELECT min(AIR_TIME) FROM f") > 0);
  }

  @Test
  void delaysAreLongTailed() throws SQLException {
    assertTrue(number("SELECT median(DEP_DELAY) FROM f") < 10);
    assertTrue(number("SELECT quantile_cont(DEP_DELAY, 0.99) FROM f") > 100);
    assertTrue(number("SELECT max(DEP_DELAY) FROM f") > 300);
    assertTrue(number("SELECT avg((DEP_DELAY < 0)::INTEGER) FROM f WHERE NOT CANCELLED") > 0.3, "many leave early");
    assertTrue(number("SELECT median(ARR_DELAY) FROM f") < 10);
    assertTrue(number("SELECT quantile_cont(ARR_DELAY, 0.99) FROM f") > 100);
  }

  @Test
  void clockTimesAreValidHhmm() throws SQLException {
    for (String column : TIME_COLUMNS) {
      assertEquals(0, number("SELECT count(*) FROM f WHERE " + column + " < 0 OR " + column + " > 2359 OR "
          + column + " % 100 >= 60"), column);
    }
    // departures bunch in the day, as schedules do
    double night = number("SELECT avg((CRS_DEP_TIME < 500)::INTEGER) FROM f");
    assertTrue(night < 0.03, "share departing 00:00-04:59 " + night);
  }

  @Test
  void actualDepartureIsScheduledPlusDelay() throws SQLException {
    assertEquals(0, number("SELECT count(*) FROM f WHERE NOT CANCELLED AND"
        + " ((CRS_DEP_TIME // 100 * 60 + CRS_DEP_TIME % 100 + DEP_DELAY + 1440) % 1440)"
        + " <> (DEP_TIME // 100 * 60 + DEP_TIME % 100)"));
  }

  @Test
  void datesSpanFiveYearsInOrder() throws SQLException {
    assertEquals("2019-01-01", strings("SELECT min(FL_DATE)::VARCHAR FROM f").get(0));
    assertEquals("2023-12-31", strings("SELECT max(FL_DATE)::VARCHAR FROM f").get(0));
    assertEquals(1826, number("SELECT count(DISTINCT FL_DATE) FROM f"));
    // rows come in date order, like the monthly BTS files, so row groups have narrow date ranges
    assertEquals(0, number("SELECT count(*) FROM (SELECT FL_DATE < lag(FL_DATE) OVER (ORDER BY rowid) AS back"
        + " FROM f) WHERE back"));
  }

  private static double number(String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
