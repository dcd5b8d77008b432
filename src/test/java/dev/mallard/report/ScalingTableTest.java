package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingTableTest {
  @TempDir
  Path dir;

  /** A copy of the sample's first GET result, renamed, with these params and this rows/s. */
  private static ObjectNode result(ArrayNode sample, String benchmark, Map<String, String> params, double rowsPerSecond) {
    ObjectNode entry = Fixtures.entries(sample, Fixtures.benchmark("GetBenchmark.get", Map.of())).get(0).deepCopy();
    entry.put("benchmark", "dev.mallard.bench." + benchmark);
    ObjectNode p = entry.putObject("params");
    params.forEach(p::put);
    p.put("rows", "2400000");
    ObjectNode rows = (ObjectNode) entry.path("secondaryMetrics").path("rows");
    rows.put("score", rowsPerSecond);
    rows.put("scoreError", 0.0);
    rows.putArray("scoreConfidence").add(rowsPerSecond).add(rowsPerSecond);
    return entry;
  }

  @Test
  void showsPartitionsAgainstTheirCeilingsAndGetAgainstTheCombinedBound() {
    ArrayNode sample = Fixtures.sample();
    ArrayNode run = Fixtures.MAPPER.createArrayNode();
    run.add(result(sample, "GetBenchmark.get", Map.of("partitions", "1"), 10e6));
    run.add(result(sample, "GetBenchmark.get", Map.of("partitions", "2"), 12e6));
    run.add(result(sample, "BaselineBenchmark.inProcessExportPartitioned", Map.of("partitions", "1"), 20e6));
    run.add(result(sample, "BaselineBenchmark.inProcessExportPartitioned", Map.of("partitions", "2"), 24e6));
    run.add(result(sample, "TransferBenchmark.transfer", Map.of("partitions", "2", "mode", "direct"), 5e6));
    run.add(result(sample, "TransferBenchmark.transfer", Map.of("partitions", "2", "mode", "relay"), 9e6));
    run.add(result(sample, "BaselineBenchmark.inProcessCopyPartitioned", Map.of("partitions", "2"), 8e6));
    run.add(result(sample, "BaselineBenchmark.flightTransport", Map.of(), 24e6));
    String markdown = new ScalingTable(JmhJsonReader.read(Fixtures.write(run, dir.resolve("run.json")))).toMarkdown();
    assertTrue(markdown.contains("## Scaling with partitions"), markdown);
    String two = markdown.lines().filter(l -> l.startsWith("| 2 ")).findFirst().orElseThrow();
    // GET 12M over the 2-partition export's 24M; direct TRANSFER 5M (relay ignored) over the 2-stream copy's 8M
    assertEquals(java.util.List.of("2", "12,000,000", Formats.ratio(0.5), "5,000,000", Formats.ratio(0.625),
        "24,000,000", "8,000,000"), cells(two));
    // E = 24M, T = 24M: the bound is 12M, and the best GET (12M) sits at 1.00 of it
    assertTrue(markdown.contains("1 / (1/E + 1/T) = 12,000,000 rows/s"), markdown);
    assertTrue(markdown.contains(Formats.ratio(1.0) + " of that bound"), markdown);
  }

  @Test
  void aRunWithoutPartitionsHasNoSection() {
    assertEquals("", new ScalingTable(JmhJsonReader.read(Fixtures.write(Fixtures.sample(), dir.resolve("s.json"))))
        .toMarkdown());
  }

  private static java.util.List<String> cells(String line) {
    return java.util.Arrays.stream(line.split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toList();
  }
}
