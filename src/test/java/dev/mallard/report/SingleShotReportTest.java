package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of a real single-shot run ({@code single-shot-run.json}): medians, intervals and rates from raw data. */
class SingleShotReportTest {
  @TempDir Path dir;

  private static double[] raw(JsonNode entry, String metric) {
    JsonNode m = metric == null ? entry.get("primaryMetric") : entry.get("secondaryMetrics").get(metric);
    List<Double> values = new ArrayList<>();
    m.get("rawData").forEach(fork -> fork.forEach(v -> values.add(v.asDouble())));
    return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  @Test
  void theMedianAndItsIntervalComeFromEveryOperationOfEveryFork() {
    ArrayNode tree = GateCheckTest.singleShot();
    JsonNode getEntry = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.GET, Map.of()));
    double[] ms = raw(getEntry, null);
    assertEquals(12, ms.length, "2 forks x 6 operations");
    double median = (ms[5] + ms[6]) / 2;
    JmhResult get = JmhJsonReader.read(Fixtures.write(tree, dir.resolve("jmh.json"))).byName(BenchmarkNames.GET).get(0);
    MedianInterval interval = get.millisPerOpInterval();
    assertEquals(median, interval.median(), 1e-9);
    assertEquals(median, get.millisPerOp(), 1e-9);
    // n = 12: P(X <= 2) = 1.9%, so the 3rd smallest and 3rd largest
    assertEquals(ms[2], interval.low(), 1e-9);
    assertEquals(ms[9], interval.high(), 1e-9);
    double rowsPerOp = raw(getEntry, "rows")[0];
    assertEquals(rowsPerOp * 1000 / median, get.rowsPerSecond().getAsDouble(), 1e-6);
    assertEquals(raw(getEntry, "bytes")[0] * 1000 / median, get.bytesPerSecond().getAsDouble(), 1e-6);
    assertEquals(Arrays.stream(raw(getEntry, "peakArrowBytes")).max().getAsDouble(), get.peakArrowBytes().getAsDouble());
  }

  @Test
  void theReportKeepsTheHeadlineFormatAndShowsIntervalsBesideIt() throws Exception {
    Path json = Fixtures.write(GateCheckTest.singleShot(), dir.resolve("jmh.json"));
    ReportWriter.Written written = ReportWriter.write(json, dir.resolve("report.md"), dir.resolve("charts"),
        Optional.empty(), Optional.empty());
    List<String> lines = written.markdown().lines().toList();
    assertEquals("| Operation | Time (ms) | Throughput (rows/sec) |", lines.get(2));
    assertTrue(written.markdown().contains("*0.1 million rows processed*"));
    String intervals = written.headline().intervalsMarkdown();
    String getRow = intervals.lines().filter(l -> l.startsWith("| GET")).findFirst().orElseThrow();
    JmhResult get = JmhJsonReader.read(json).byName(BenchmarkNames.GET).get(0);
    MedianInterval ms = get.millisPerOpInterval();
    assertTrue(getRow.contains(Formats.twoDecimals(ms.low()) + " – " + Formats.twoDecimals(ms.high())), getRow);
    assertTrue(getRow.contains(Formats.plusMinusPercent(ms.relativeHalfWidth())) && getRow.trim().endsWith("12 |"), getRow);
    assertTrue(written.markdown().contains(intervals), "the intervals table is in the report");
    // the ratio to the ceiling carries the interval of the two medians' intervals
    JmhResult export = JmhJsonReader.read(json).byName(BenchmarkNames.IN_PROCESS_EXPORT).get(0);
    double low = get.rowsPerSecondInterval().orElseThrow().low() / export.rowsPerSecondInterval().orElseThrow().high();
    assertTrue(written.markdown().contains("[" + Formats.plainRatio(low) + ", "), written.markdown());
  }
}
