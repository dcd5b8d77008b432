package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionCheckTest {
  private static final double THRESHOLD = 0.10;
  private static final Predicate<JsonNode> GET_65536_NETTY =
      Fixtures.benchmark(BenchmarkNames.GET, Map.of("batchSize", "65536", "allocator", "netty"));

  @TempDir Path dir;

  private Path baseline() {
    return Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("BASELINE.json"));
  }

  private Path current(ArrayNode tree) {
    return Fixtures.write(tree, dir.resolve("CURRENT.json"));
  }

  private Comparison compare(ArrayNode current) {
    return Comparison.of(JmhJsonReader.read(baseline()), JmhJsonReader.read(current(current)), THRESHOLD);
  }

  @Test
  void identicalRunsPass() {
    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline(), current(Fixtures.sample()), THRESHOLD);
    assertEquals(RegressionCheck.NO_REGRESSION, outcome.exitCode());
    assertTrue(outcome.markdown().startsWith("## Benchmark comparison: no regression"), outcome.markdown());
  }

  @Test
  void aThirtyPercentSlowdownWithTightErrorsIsARegression() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.scaleThroughput(tree, GET_65536_NETTY, 0.7);
    Fixtures.setRelativeError(tree, GET_65536_NETTY, 0.005);
    Comparison comparison = compare(tree);

    assertEquals(1, comparison.regressions().size());
    ComparedBenchmark regression = comparison.regressions().get(0);
    assertEquals("GetBenchmark.get allocator=netty batchSize=65536 rows=2400000", regression.key());
    assertEquals(-0.3, regression.change(), 1e-9);
    assertTrue(regression.outsideErrors());
    assertEquals(RegressionCheck.REGRESSION, comparison.exitCode());
    assertTrue(comparison.compared().stream().filter(c -> c != regression).allMatch(c -> c.verdict() == Verdict.SAME));

    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline(), current(tree), THRESHOLD);
    assertEquals(RegressionCheck.REGRESSION, outcome.exitCode());
    assertTrue(outcome.markdown().contains("### Regressions"));
    assertTrue(outcome.markdown().contains("-30.0%"));
    assertTrue(outcome.markdown().contains("**regression**"));
  }

  @Test
  void aSlowdownWithinTheErrorIntervalsIsNoise() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.scaleThroughput(tree, GET_65536_NETTY, 0.85);
    Fixtures.setRelativeError(tree, GET_65536_NETTY, 0.25);
    Comparison comparison = compare(tree);
    ComparedBenchmark get = comparison.compared().stream().filter(c -> GET_65536_NETTY.test(json(c))).findFirst().orElseThrow();
    assertEquals(-0.15, get.change(), 1e-9);
    assertFalse(get.outsideErrors(), "15% slower but inside CURRENT's ±25% interval");
    assertEquals(Verdict.SAME, get.verdict());
    assertEquals(RegressionCheck.NO_REGRESSION, comparison.exitCode());
  }

  @Test
  void aSlowdownOutsideTheErrorsButBelowTheThresholdIsOnlySlower() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.scaleThroughput(tree, GET_65536_NETTY, 0.95);
    Fixtures.setRelativeError(tree, GET_65536_NETTY, 0.001);
    ArrayNode base = Fixtures.sample();
    Fixtures.setRelativeError(base, GET_65536_NETTY, 0.001);
    Comparison comparison = Comparison.of(JmhJsonReader.read(Fixtures.write(base, dir.resolve("b.json"))),
        JmhJsonReader.read(current(tree)), THRESHOLD);
    assertEquals(Verdict.SLOWER, comparison.compared().stream().filter(c -> GET_65536_NETTY.test(json(c)))
        .findFirst().orElseThrow().verdict());
    assertEquals(RegressionCheck.NO_REGRESSION, comparison.exitCode());
  }

  @Test
  void aFasterRunIsReportedFaster() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.scaleThroughput(tree, GET_65536_NETTY, 1.3);
    Fixtures.setRelativeError(tree, GET_65536_NETTY, 0.005);
    assertEquals(Verdict.FASTER, compare(tree).compared().stream()
        .filter(c -> GET_65536_NETTY.test(json(c))).findFirst().orElseThrow().verdict());
  }

  @Test
  void aDifferentDatasetFingerprintIsRefused() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.setFingerprint(tree, "0000deadbeef0000");
    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline(), current(tree), THRESHOLD);
    assertEquals(RegressionCheck.UNUSABLE_INPUT, outcome.exitCode());
    assertTrue(outcome.error().contains("different datasets") && outcome.error().contains("0000deadbeef0000")
        && outcome.error().contains("5e1f0c9a2b7d4e31"), outcome.error());
  }

  @Test
  void aDifferentRowCountIsRefused() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.setParam(tree, "rows", "24000000");
    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline(), current(tree), THRESHOLD);
    assertEquals(RegressionCheck.UNUSABLE_INPUT, outcome.exitCode());
    assertTrue(outcome.error().contains("different dataset sizes") && outcome.error().contains("24000000"), outcome.error());
  }

  @Test
  void aBenchmarkMissingFromCurrentIsRefused() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.remove(tree, GET_65536_NETTY);
    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline(), current(tree), THRESHOLD);
    assertEquals(RegressionCheck.UNUSABLE_INPUT, outcome.exitCode());
    assertTrue(outcome.error().contains("missing from CURRENT")
        && outcome.error().contains("GetBenchmark.get allocator=netty batchSize=65536"), outcome.error());
    assertTrue(outcome.markdown().contains("not possible"));
  }

  @Test
  void benchmarksOnlyInCurrentAreListedNotFailed() {
    ArrayNode base = Fixtures.sample();
    Fixtures.remove(base, GET_65536_NETTY);
    Comparison comparison = Comparison.of(JmhJsonReader.read(Fixtures.write(base, dir.resolve("b.json"))),
        JmhJsonReader.read(current(Fixtures.sample())), THRESHOLD);
    assertEquals(RegressionCheck.NO_REGRESSION, comparison.exitCode());
    assertEquals(1, comparison.onlyInCurrent().size());
    assertTrue(comparison.toMarkdown().contains("Only in CURRENT, not compared"));
  }

  @Test
  void brokenJsonIsRefused() throws Exception {
    Path broken = Files.writeString(dir.resolve("CURRENT.json"), "[ { \"benchmark\" : ");
    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline(), broken, THRESHOLD);
    assertEquals(RegressionCheck.UNUSABLE_INPUT, outcome.exitCode());
    assertTrue(outcome.error().contains("not valid JSON"), outcome.error());
  }

  @Test
  void thresholdAcceptsPercentOrFraction() {
    assertEquals(0.10, RegressionCheck.parseThreshold("10%"), 1e-12);
    assertEquals(0.10, RegressionCheck.parseThreshold("0.1"), 1e-12);
    assertEquals(0.025, RegressionCheck.parseThreshold(" 2.5 % "), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> RegressionCheck.parseThreshold("10"));
    assertThrows(IllegalArgumentException.class, () -> RegressionCheck.parseThreshold("ten"));
    assertThrows(IllegalArgumentException.class, () -> RegressionCheck.parseThreshold("0%"));
  }

  @Test
  void singleIterationRunsWithoutIntervalsFallBackToTheThreshold() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.scaleThroughput(tree, GET_65536_NETTY, 0.7);
    ArrayNode base = Fixtures.sample();
    for (ArrayNode run : new ArrayNode[] {tree, base}) {
      Fixtures.entries(run, GET_65536_NETTY).forEach(e -> {
        ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("primaryMetric")).put("scoreError", "NaN");
        ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("primaryMetric")).putArray("scoreConfidence").add("NaN").add("NaN");
      });
    }
    Comparison comparison = Comparison.of(JmhJsonReader.read(Fixtures.write(base, dir.resolve("b.json"))),
        JmhJsonReader.read(current(tree)), THRESHOLD);
    assertEquals(1, comparison.regressions().size());
  }

  /** The compared result in fixture shape, so fixture predicates can pick it out. */
  private static JsonNode json(ComparedBenchmark c) {
    var node = Fixtures.MAPPER.createObjectNode();
    node.put("benchmark", c.currentResult().benchmark());
    var params = node.putObject("params");
    c.currentResult().params().forEach(params::put);
    return node;
  }
}
