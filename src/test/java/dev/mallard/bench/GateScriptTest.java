package dev.mallard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/main/sh/gate.sh}, the orchestration behind {@code run-bench.sh --ci --base REF}, on a
 * tiny dataset: both sides are this build's benchmarks run from the test classpath (so no jar and no
 * nested Maven build), three rounds with both sides under the lockstep, the pinned configuration on every fork,
 * and the decision written and returned as the exit code. The statistics behind the decision are
 * {@code GateCheckTest}'s and {@code SlowdownTest}'s.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GateScriptTest {
  private static final Path SCRIPT = Path.of("src/main/sh/gate.sh");
  private static final int ROUNDS = 3;
  /** What --only asks for: TRANSFER, the slowest, is left out, and PUT, which only --only runs, is in. */
  private static final List<String> BENCHMARKS = List.of("get", "exchange", "put");

  @TempDir
  Path out;

  @Test
  void baseAndCurrentTakeTurnsInEveryRoundAndTheGateDecidesOnEveryBenchmark() throws Exception {
    assumeTrue(command("git", "rev-parse", "--verify", "HEAD^{commit}").exitCode == 0,
        "the gate names its base by a git commit, and this checkout has none");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String onClasspath = java + " --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED -Xmx1g -cp "
        + System.getProperty("java.class.path");
    ProcessBuilder gate = new ProcessBuilder(SCRIPT.toString(), "--base", "HEAD", "--rounds", String.valueOf(ROUNDS),
        "--warmups", "0", "--iterations", "2", "--only", "exchange,get,put", "--threshold", "10%", "--rows", "20000", "--fingerprint", "tiny",
        "--out", out.toString(), "--", "-p", "jdbcRows=1000")
        .redirectErrorStream(true);
    gate.environment().put("GATE_BASE_JMH", onClasspath + " org.openjdk.jmh.Main");
    gate.environment().put("GATE_CURRENT_JMH", onClasspath + " org.openjdk.jmh.Main");
    gate.environment().put("GATE_MALLARD", onClasspath + " dev.mallard.cli.MallardCli");
    gate.environment().remove("GITHUB_STEP_SUMMARY");
    Process process = gate.start();
    String log = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), log);

    // an A/A comparison at 10%: 0 (no regression), or 1 on a rare noisy run; never 2 (unusable input)
    int exit = process.exitValue();
    assertTrue(exit == 0 || exit == 1, "exit " + exit + ":\n" + log);

    // every round started both sides at once, and which goes first alternates
    List<String> rounds = new ArrayList<>();
    Matcher m = Pattern.compile(">> gate: round (\\d+) of " + ROUNDS + ", base and current taking turns, (\\w+) first")
        .matcher(log);
    while (m.find()) {
      rounds.add(m.group(1) + m.group(2));
    }
    assertEquals(List.of("1base", "2current", "3base"), rounds, log);

    // every fork ran the pinned configuration, one operation per sample
    ObjectMapper json = new ObjectMapper();
    for (int round = 1; round <= ROUNDS; round++) {
      for (String side : List.of("base", "current")) {
        Path file = out.resolve("rounds").resolve(String.format("round-%02d-%s.json", round, side));
        JsonNode results = json.readTree(file.toFile());
        assertEquals(BENCHMARKS.size(), results.size(), file.toString());
        for (JsonNode result : results) {
          assertEquals("ss", result.get("mode").asText(), file.toString());
          assertEquals(2, result.get("primaryMetric").get("rawData").get(0).size(), file.toString());
          assertEquals("122880", result.get("params").get("batchSize").asText(), file.toString());
          assertEquals("unsafe", result.get("params").get("allocator").asText(), file.toString());
          assertEquals("20000", result.get("params").get("rows").asText(), file.toString());
          // each side waited for the other's turns, so both ran under the lockstep
          JsonNode waits = result.get("secondaryMetrics").get("·lockstep.wait");
          assertTrue(waits != null && waits.get("score").asDouble() > 0, file + ": " + result.get("secondaryMetrics"));
        }
      }
    }

    // one decided line per benchmark, in the TSV and in the markdown a CI summary shows
    List<String> tsv = Files.readAllLines(out.resolve("gate.tsv"));
    assertEquals(1 + BENCHMARKS.size(), tsv.size(), String.join("\n", tsv));
    for (String line : tsv.subList(1, tsv.size())) {
      String[] cells = line.split("\t");
      assertEquals(String.valueOf(ROUNDS), cells[6], line);
      assertTrue(List.of("REGRESSION", "SLOWER", "SAME", "FASTER", "INCONCLUSIVE").contains(cells[7]), line);
    }
    assertEquals(exit == 1, tsv.stream().anyMatch(line -> line.endsWith("\tREGRESSION")), String.join("\n", tsv));
    String markdown = Files.readString(out.resolve("gate.md"));
    for (String benchmark : BENCHMARKS) {
      assertTrue(markdown.contains(benchmark), markdown);
    }
    assertFalse(markdown.contains("transfer"), markdown);
    assertTrue(markdown.contains("95% interval") && markdown.contains("p-value"), markdown);
  }

  @Test
  void anOperationTheGateDoesNotKnowIsRefusedBeforeAnythingRuns() throws Exception {
    Result refused = command(SCRIPT.toString(), "--base", "HEAD", "--rounds", "3", "--only", "get,delete",
        "--threshold", "10%", "--rows", "20000", "--out", out.toString());
    assertEquals(2, refused.exitCode, refused.output);
    assertTrue(refused.output.contains("--only takes get, transfer, exchange, put and flightsql, comma-separated, got 'get,delete'"),
        refused.output);
    try (var left = Files.list(out)) {
      assertEquals(0, left.count(), "nothing is written for a refused gate");
    }
  }

  private record Result(int exitCode, String output) { }

  private static Result command(String... args) throws Exception {
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return new Result(p.exitValue(), output);
  }
}
