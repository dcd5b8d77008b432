package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhJsonReaderTest {
  @TempDir Path dir;

  @Test
  void readsEveryEntryOfTheFixtureWithParamsMetricsAndFingerprint() {
    ArrayNode tree = Fixtures.sample();
    BenchmarkRun run = JmhJsonReader.read(Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("r.json")));
    assertEquals(tree.size(), run.results().size());

    JsonNode first = tree.get(0);
    JmhResult r = run.results().get(0);
    assertEquals(first.get("benchmark").asText(), r.benchmark());
    assertEquals(first.get("params").get("batchSize").asText(), r.params().get("batchSize"));
    assertEquals(Fixtures.primaryScore(first), r.primaryMetric().score());
    assertEquals(first.get("primaryMetric").get("scoreConfidence").get(0).asDouble(), r.primaryMetric().confidenceLow());
    assertEquals(first.get("forks").asInt(), r.forks());
    assertEquals(first.get("measurementTime").asText(), r.measurementTime());
    String fingerprintArg = first.get("jvmArgs").get(2).asText();
    assertEquals(fingerprintArg.substring(fingerprintArg.indexOf('=') + 1), r.fingerprint().orElseThrow());
    assertEquals(OptionalLong.of(first.get("params").get("rows").asLong()), r.datasetRows());
    assertEquals(Fixtures.rowsScore(first), r.rowsPerSecond().orElseThrow(), 1e-6);
    assertEquals(1000 / Fixtures.primaryScore(first), r.millisPerOp(), 1e-9);
  }

  @Test
  void peakArrowBytesIsTheLargestIterationNotJmhsSumOverIterations() {
    ArrayNode tree = Fixtures.sample();
    JsonNode peak = tree.get(0).get("secondaryMetrics").get("peakArrowBytes");
    double max = 0;
    int count = 0;
    for (JsonNode fork : peak.get("rawData")) {
      for (JsonNode v : fork) {
        max = Math.max(max, v.asDouble());
        count++;
      }
    }
    assertTrue(count > 1 && peak.get("score").asDouble() > max, "fixture sums EVENTS counters like JMH does");
    JmhResult r = JmhJsonReader.read(Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("r.json"))).results().get(0);
    assertEquals(max, r.peakArrowBytes().orElseThrow());
  }

  @Test
  void readsJmhNonFiniteStringsAndToleratesMissingOptionalFields() throws Exception {
    Path file = dir.resolve("minimal.json");
    Files.writeString(file, """
        [ { "benchmark" : "dev.mallard.bench.GetBenchmark.get",
            "primaryMetric" : { "score" : 4.0, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "+INF" ],
                                "scoreUnit" : "ops/s" } } ]
        """);
    JmhResult r = JmhJsonReader.read(file).results().get(0);
    assertEquals("GetBenchmark.get", r.shortName());
    assertTrue(Double.isNaN(r.primaryMetric().scoreError()));
    assertEquals(Double.POSITIVE_INFINITY, r.primaryMetric().confidenceHigh());
    assertFalse(r.opsPerSecond().hasInterval());
    assertTrue(Double.isNaN(r.millisPerOpError()));
    assertNull(r.forks());
    assertTrue(r.fingerprint().isEmpty());
    assertTrue(r.rowsPerSecond().isEmpty(), "no rows counter and no rows param: unknown, not guessed");
    assertTrue(r.peakArrowBytes().isEmpty());
    assertEquals(250.0, r.millisPerOp());
  }

  @Test
  void convertsOtherJmhUnitsToPerSecondRates() throws Exception {
    Path file = dir.resolve("units.json");
    Files.writeString(file, """
        [ { "benchmark" : "a.B.thrptMs", "mode" : "thrpt", "params" : { "rows" : "1000" },
            "primaryMetric" : { "score" : 0.5, "scoreConfidence" : [ 0.4, 0.6 ], "scoreUnit" : "ops/ms" } },
          { "benchmark" : "a.B.avgt", "mode" : "avgt", "params" : { "rows" : "1000" },
            "primaryMetric" : { "score" : 200.0, "scoreConfidence" : [ 100.0, 300.0 ], "scoreUnit" : "ms/op" } } ]
        """);
    BenchmarkRun run = JmhJsonReader.read(file);
    Rate thrpt = run.results().get(0).opsPerSecond();
    assertEquals(500.0, thrpt.perSecond(), 1e-9);
    assertEquals(400.0, thrpt.low(), 1e-9);
    assertEquals(1000 * 500.0, run.results().get(0).rowsPerSecond().orElseThrow(), 1e-6);
    Rate avgt = run.results().get(1).opsPerSecond();
    assertEquals(5.0, avgt.perSecond(), 1e-9);
    assertEquals(1 / 0.3, avgt.low(), 1e-9);
    assertEquals(10.0, avgt.high(), 1e-9);
    assertEquals(200.0, run.results().get(1).millisPerOp(), 1e-9);
  }

  @Test
  void brokenJsonIsRefusedWithThePositionAndAHint() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "[ { \"benchmark\" : \"a.B.c\", \"primaryMetric\" : { \"score\" : 1.0 ");
    BenchmarkInputException e = assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(file));
    assertTrue(e.getMessage().contains("not valid JSON") && e.getMessage().contains("line"), e.getMessage());
  }

  @Test
  void jsonThatIsNotJmhOutputIsRefused() throws Exception {
    Path object = Files.writeString(dir.resolve("object.json"), "{ \"cpu\" : \"x\" }");
    assertTrue(assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(object)).getMessage()
        .contains("not JMH result output"));
    Path other = Files.writeString(dir.resolve("array.json"), "[ { \"name\" : \"x\", \"value\" : 1 } ]");
    assertTrue(assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(other)).getMessage()
        .contains("entry 1 has no \"benchmark\""));
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    assertTrue(assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(empty)).getMessage()
        .contains("no benchmark results"));
    Path nothing = Files.writeString(dir.resolve("nothing.json"), "");
    assertTrue(assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(nothing)).getMessage()
        .contains("empty"));
    Path noScore = Files.writeString(dir.resolve("noscore.json"),
        "[ { \"benchmark\" : \"a.B.c\", \"primaryMetric\" : { \"scoreUnit\" : \"ops/s\" } } ]");
    assertTrue(assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(noScore)).getMessage()
        .contains("has no score"));
    assertTrue(assertThrows(BenchmarkInputException.class, () -> JmhJsonReader.read(dir.resolve("absent.json")))
        .getMessage().contains("no such file"));
  }

  @Test
  void unknownBenchmarksAndVariantParamsAreKept() {
    BenchmarkRun run = JmhJsonReader.read(Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("r.json")));
    assertFalse(run.byName("FlightSqlBenchmark.query").isEmpty());
    JmhResult transfer = run.byName(BenchmarkNames.TRANSFER).get(0);
    assertEquals(Map.of("mode", transfer.params().get("mode")), transfer.variantParams());
  }
}
