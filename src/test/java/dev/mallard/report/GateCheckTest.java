package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interleaved gate's decision on real single-shot JMH output: {@code single-shot-run.json} is a
 * committed run of every benchmark at 100,000 rows (2 forks x 6 operations); rounds are derived
 * from it with per-round drift, and the current side's chosen benchmark slowed down.
 */
class GateCheckTest {
  static final String SINGLE_SHOT = "/jmh/single-shot-run.json";
  private static final Predicate<JsonNode> GET = Fixtures.benchmark(BenchmarkNames.GET, Map.of());
  private static final double[] DRIFT = {1.0, 1.12, 0.93, 1.05, 0.97};

  @TempDir Path dir;

  static ArrayNode singleShot() {
    try (InputStream in = GateCheckTest.class.getResourceAsStream(SINGLE_SHOT)) {
      return (ArrayNode) Fixtures.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Multiplies every raw per-operation time of the matching entries by {@code factor}. */
  static void scaleTimes(ArrayNode run, Predicate<JsonNode> which, double factor) {
    for (ObjectNode e : Fixtures.entries(run, which)) {
      ObjectNode primary = (ObjectNode) e.get("primaryMetric");
      primary.put("score", primary.get("score").asDouble() * factor);
      for (JsonNode fork : primary.get("rawData")) {
        ArrayNode values = (ArrayNode) fork;
        for (int i = 0; i < values.size(); i++) {
          values.set(i, DoubleNode.valueOf(values.get(i).asDouble() * factor));
        }
      }
    }
  }

  /** Writes one round per drift level; {@code slowdown} applies to the current side's {@code which}. */
  private Path rounds(Predicate<JsonNode> which, double slowdown) {
    Path rounds = dir.resolve("rounds");
    for (int r = 0; r < DRIFT.length; r++) {
      ArrayNode base = singleShot();
      ArrayNode current = singleShot();
      scaleTimes(base, e -> true, DRIFT[r]);
      scaleTimes(current, e -> true, DRIFT[r] * (1 + 0.01 * (r % 2)));
      scaleTimes(current, which, slowdown);
      Fixtures.write(base, rounds.resolve(String.format("round-%02d-base.json", r + 1)));
      Fixtures.write(current, rounds.resolve(String.format("round-%02d-current.json", r + 1)));
    }
    return rounds;
  }

  @Test
  void theSameCommitTwiceHasNoRegression() {
    GateCheck check = GateCheck.of(InterleavedRuns.read(rounds(e -> false, 1.0)), 0.10, Slowdown.Pairing.FORKS);
    assertEquals(RegressionCheck.NO_REGRESSION, check.exitCode(), check.toMarkdown("a", "b"));
    assertEquals(9, check.entries().size(), "every benchmark of the run is compared");
    assertTrue(check.entries().stream().allMatch(e -> e.slowdown().rounds() == DRIFT.length));
  }

  @Test
  void thirtyPercentSlowerGetIsTheOneRegressionAndTheSummaryShowsRatioIntervalAndP() {
    GateCheck check = GateCheck.of(InterleavedRuns.read(rounds(GET, 1.3)), 0.10, Slowdown.Pairing.FORKS);
    assertEquals(RegressionCheck.REGRESSION, check.exitCode());
    assertEquals(List.of(BenchmarkNames.GET), check.regressions().stream().map(GateCheck.Entry::benchmark).toList());
    Slowdown get = check.regressions().get(0).slowdown();
    assertEquals(1.3, get.ratio(), 0.02);
    String markdown = check.toMarkdown("base `abc`", "current `def`");
    assertTrue(markdown.startsWith("## Benchmark gate: 1 regression(s) ❌"), markdown);
    String header = markdown.lines().filter(l -> l.startsWith("| Benchmark ")).findFirst().orElseThrow();
    assertEquals(List.of("Benchmark", "Parameters", "Base median (ms)", "Current median (ms)", "Ratio", "95% interval",
        "p-value", "Rounds", "Verdict"), List.of(header.substring(2, header.length() - 2).trim().split("\\s*\\|\\s*")));
    String getRow = markdown.lines().filter(l -> l.startsWith("| GetBenchmark.get")).findFirst().orElseThrow();
    assertTrue(getRow.contains("**regression**") && getRow.contains("(+3") && getRow.contains("< 0.001"), getRow);
    assertTrue(check.toTsv().lines().anyMatch(l -> l.startsWith("GetBenchmark.get\t") && l.endsWith("\tREGRESSION")),
        check.toTsv());
  }

  /** Rewrites every round's current-side file with {@code edit}. */
  private void editCurrentSides(Path rounds, java.util.function.Consumer<ArrayNode> edit) {
    for (int r = 1; r <= DRIFT.length; r++) {
      Path file = rounds.resolve(String.format("round-%02d-current.json", r));
      ArrayNode current = (ArrayNode) readTree(file);
      edit.accept(current);
      Fixtures.write(current, file);
    }
  }

  @Test
  void aParameterOnlyTheCurrentCommitHasStillMatches() {
    Path rounds = rounds(e -> false, 1.0);
    editCurrentSides(rounds, current ->
        Fixtures.entries(current, GET).forEach(e -> ((ObjectNode) e.get("params")).put("partitions", "1")));
    GateCheck check = GateCheck.of(InterleavedRuns.read(rounds), 0.10, Slowdown.Pairing.FORKS);
    assertTrue(check.entries().stream().anyMatch(e -> e.benchmark().equals(BenchmarkNames.GET)));
  }

  @Test
  void eachValueOfAParameterOnlyTheCurrentCommitHasIsPairedWithTheOneBaseResult() {
    Path rounds = rounds(e -> false, 1.0);
    editCurrentSides(rounds, current -> {
      for (ObjectNode get : Fixtures.entries(current, GET)) {
        ObjectNode twoPartitions = get.deepCopy();
        ((ObjectNode) get.get("params")).put("partitions", "1");
        ((ObjectNode) twoPartitions.get("params")).put("partitions", "2");
        scaleTimes(Fixtures.MAPPER.createArrayNode().add(twoPartitions), e -> true, 0.5);
        current.add(twoPartitions);
      }
    });
    GateCheck check = GateCheck.of(InterleavedRuns.read(rounds), 0.10, Slowdown.Pairing.FORKS);
    List<GateCheck.Entry> gets = check.entries().stream()
        .filter(e -> e.benchmark().equals(BenchmarkNames.GET)).toList();
    assertEquals(List.of("1", "2"), gets.stream().map(e -> e.params().get("partitions")).toList());
    assertEquals(1.0, gets.get(0).slowdown().ratio(), 0.02);
    assertEquals(0.5, gets.get(1).slowdown().ratio(), 0.02);
  }

  @Test
  void aRoundWithoutItsCurrentSideIsUnusable() throws IOException {
    Path rounds = rounds(e -> false, 1.0);
    Files.delete(rounds.resolve("round-03-current.json"));
    BenchmarkInputException e = assertThrows(BenchmarkInputException.class, () -> InterleavedRuns.read(rounds));
    assertTrue(e.getMessage().contains("round 3") && e.getMessage().contains("no current"), e.getMessage());
  }

  @Test
  void aBenchmarkTheCurrentCommitDroppedIsUnusable() {
    Path rounds = rounds(e -> false, 1.0);
    for (int r = 1; r <= DRIFT.length; r++) {
      Path file = rounds.resolve(String.format("round-%02d-current.json", r));
      ArrayNode current = (ArrayNode) readTree(file);
      Fixtures.remove(current, GET);
      Fixtures.write(current, file);
    }
    BenchmarkInputException e = assertThrows(BenchmarkInputException.class,
        () -> GateCheck.of(InterleavedRuns.read(rounds), 0.10, Slowdown.Pairing.FORKS));
    assertTrue(e.getMessage().contains("GetBenchmark.get") && e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void throughputModeResultsAreRefusedWithTheReason() throws IOException {
    Path rounds = dir.resolve("thrpt");
    for (int r = 1; r <= 3; r++) {
      Fixtures.copyResource(Fixtures.SAMPLE, rounds.resolve(String.format("round-%02d-base.json", r)));
      Fixtures.copyResource(Fixtures.SAMPLE, rounds.resolve(String.format("round-%02d-current.json", r)));
    }
    BenchmarkInputException e = assertThrows(BenchmarkInputException.class,
        () -> GateCheck.of(InterleavedRuns.read(rounds), 0.10, Slowdown.Pairing.FORKS));
    assertTrue(e.getMessage().contains("SingleShotTime"), e.getMessage());
  }

  private static JsonNode readTree(Path file) {
    try {
      return Fixtures.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
