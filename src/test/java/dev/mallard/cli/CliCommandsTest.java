package dev.mallard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mallard.report.BenchmarkNames;
import dev.mallard.report.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliCommandsTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run execute(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void reportWritesReportAndChartsBesideTheResultAndPrintsTheHeadline() throws Exception {
    Path result = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("results/run.json"));
    Run run = execute(new ReportCommand(), result.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("| Operation | Time (ms) | Throughput (rows/sec) |\n"), run.out());
    assertTrue(run.out().contains("*2.4 million rows processed*"));
    Path report = dir.resolve("results/report.md");
    assertTrue(Files.readString(report).contains(run.out().lines().limit(5).reduce((a, b) -> a + "\n" + b).orElseThrow()));
    for (String chart : List.of("get", "put", "transfer", "exchange")) {
      assertTrue(Files.size(dir.resolve("results/charts/" + chart + ".png")) > 0, chart);
    }
  }

  @Test
  void reportHonoursOutChartsBatchSizeAndAllocator() throws Exception {
    Path result = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("run.json"));
    Path out = dir.resolve("docs/bench.md");
    Run run = execute(new ReportCommand(), result.toString(), "--out", out.toString(), "--charts",
        dir.resolve("docs/img").toString(), "--batch-size", "8192", "--allocator", "unsafe");
    assertEquals(0, run.exitCode(), run.err());
    String markdown = Files.readString(out);
    assertTrue(markdown.contains("Measured at batch size 8,192 with the unsafe allocator"), markdown);
    assertTrue(markdown.contains("](img/get.png)"));
    assertTrue(Files.exists(dir.resolve("docs/img/get.png")));
  }

  @Test
  void everyCommandsHelpIsFormatted() {
    // picocli formats help text with String.format: an unescaped % ("95% interval") makes it print the
    // raw text, %n and all, after a warning
    CommandLine cli = MallardCli.commandLine();
    Deque<CommandLine> commands = new ArrayDeque<>(cli.getSubcommands().values());
    int checked = 0;
    while (!commands.isEmpty()) {
      CommandLine command = commands.pop();
      commands.addAll(command.getSubcommands().values());
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertFalse(help.contains("%n") || help.contains("%%"), command.getCommandName() + ":\n" + help);
      checked++;
    }
    assertTrue(checked > cli.getSubcommands().size(), "the nested commands (dataset generate, users add) too");
    String gate = cli.getSubcommands().get("gate").getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
    assertTrue(gate.contains("95% interval") && gate.contains("e.g. 10% or 0.1 (default: 10%)"), gate);
  }

  @Test
  void reportOfTwoFilesIsTheReportOfTheirJoinedResults() throws Exception {
    Path whole = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("whole/jmh.json"));
    Run one = execute(new ReportCommand(), whole.toString());
    // the default profile's split: the headline operations in one JMH run, everything else in another
    ArrayNode headline = Fixtures.sample();
    ArrayNode rest = Fixtures.sample();
    var isGet = Fixtures.benchmark(BenchmarkNames.GET, Map.of());
    Fixtures.remove(headline, isGet.negate());
    Fixtures.remove(rest, isGet);
    assertTrue(headline.size() > 0 && rest.size() > 0);
    Path first = Fixtures.write(headline, dir.resolve("split/jmh.json"));
    Path second = Fixtures.write(rest, dir.resolve("split/jmh-ceilings.json"));
    Run two = execute(new ReportCommand(), first.toString(), second.toString());
    assertEquals(0, two.exitCode(), two.err());
    assertEquals(one.out().replace(whole.getParent().toString(), ""), two.out().replace(first.getParent().toString(), ""));
    String joined = Files.readString(first.resolveSibling("report.md"));
    assertTrue(joined.contains("- **Results files**: `jmh.json` + `jmh-ceilings.json` ("), joined);
    assertEquals(withoutResultsFiles(Files.readString(whole.resolveSibling("report.md"))), withoutResultsFiles(joined));

    Run twice = execute(new ReportCommand(), first.toString(), whole.toString());
    assertEquals(2, twice.exitCode(), twice.out());
    assertTrue(twice.err().contains("is in both " + first + " and " + whole), twice.err());
  }

  private static String withoutResultsFiles(String report) {
    return report.lines().filter(line -> !line.startsWith("- **Results file")).collect(Collectors.joining("\n"));
  }

  @Test
  void reportOnBrokenInputExitsTwoWithTheReason() throws Exception {
    Path broken = Files.writeString(dir.resolve("run.json"), "{ \"not\" : \"jmh\" }");
    Run run = execute(new ReportCommand(), broken.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("not JMH result output"), run.err());
  }

  @Test
  void compareExitCodesAndSummaryFile() throws Exception {
    Path baseline = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("BASELINE.json"));
    Path same = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("SAME.json"));
    Path summary = dir.resolve("summary/summary.md");

    Run ok = execute(new CompareCommand(), baseline.toString(), same.toString(), "--out", summary.toString());
    assertEquals(0, ok.exitCode(), ok.err());
    assertEquals(ok.out(), Files.readString(summary));

    ArrayNode slower = Fixtures.sample();
    var get = Fixtures.benchmark(BenchmarkNames.GET, Map.of("batchSize", "122880", "allocator", "unsafe"));
    Fixtures.scaleThroughput(slower, get, 0.7);
    Fixtures.setRelativeError(slower, get, 0.005);
    Path current = Fixtures.write(slower, dir.resolve("CURRENT.json"));
    Run regression = execute(new CompareCommand(), baseline.toString(), current.toString(), "--threshold", "0.1");
    assertEquals(1, regression.exitCode(), regression.err());
    assertTrue(regression.out().contains("1 regression(s)"), regression.out());
    Run lenient = execute(new CompareCommand(), baseline.toString(), current.toString(), "--threshold", "35%");
    assertEquals(0, lenient.exitCode(), "30% slower is within a 35% threshold");

    assertEquals(2, execute(new CompareCommand(), baseline.toString(), current.toString(), "--normalize", "normalized")
        .exitCode(), "--normalize is gone: a usage error, not a silent raw comparison");

    ArrayNode otherData = Fixtures.sample();
    Fixtures.setFingerprint(otherData, "ffff");
    Run refused = execute(new CompareCommand(), baseline.toString(),
        Fixtures.write(otherData, dir.resolve("OTHER.json")).toString(), "--out", summary.toString());
    assertEquals(2, refused.exitCode());
    assertTrue(refused.err().contains("different datasets"), refused.err());
    assertTrue(Files.readString(summary).contains("different datasets"), "CI summary explains the refusal too");
  }

  @Test
  void compareRejectsBadOptionsAsUsageErrors() {
    Path baseline = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("BASELINE.json"));
    Run threshold = execute(new CompareCommand(), baseline.toString(), baseline.toString(), "--threshold", "ten");
    assertEquals(2, threshold.exitCode());
    assertTrue(threshold.err().contains("write e.g. 10% or 0.1"), threshold.err());
    Run normalize = execute(new CompareCommand(), baseline.toString(), baseline.toString(), "--normalize", "cooked");
    assertEquals(2, normalize.exitCode());
    assertTrue(normalize.err().contains("Unknown options: '--normalize'"), normalize.err());
  }

  @Test
  void machineInfoWritesMachineJsonTheReportReads() throws Exception {
    Path machine = dir.resolve("results/machine.json");
    assertEquals(0, execute(new MachineInfoCommand(), "--out", machine.toString()).exitCode());
    Path result = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("results/run.json"));
    assertEquals(0, execute(new ReportCommand(), result.toString()).exitCode());
    String cpu = Fixtures.MAPPER.readTree(machine.toFile()).get("cpu").asText();
    assertTrue(Files.readString(dir.resolve("results/report.md")).contains("- **CPU**: " + cpu));
    assertTrue(Files.readString(dir.resolve("results/report.md")).contains("- **Machine details from**: machine.json"));
  }

  @Test
  void machineInfoRecordsTheShapedLinksAndTheReportNamesThem() throws Exception {
    Path machine = dir.resolve("linked/machine.json");
    assertEquals(0, execute(new MachineInfoCommand(), "--link", "servers=10gbit,client=1gbit", "--out",
        machine.toString()).exitCode());
    assertEquals("servers=10gbit,client=1gbit", Fixtures.MAPPER.readTree(machine.toFile()).get("link").asText());
    Path result = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("linked/run.json"));
    assertEquals(0, execute(new ReportCommand(), result.toString()).exitCode());
    assertTrue(Files.readString(dir.resolve("linked/report.md")).contains("- **Network**: servers=10gbit,client=1gbit ("));

    Path loopback = dir.resolve("loopback/machine.json");
    assertEquals(0, execute(new MachineInfoCommand(), "--link", "none", "--out", loopback.toString()).exitCode());
    Path plain = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("loopback/run.json"));
    assertEquals(0, execute(new ReportCommand(), plain.toString()).exitCode());
    assertTrue(Files.readString(dir.resolve("loopback/report.md")).contains("- **Network**: loopback"));
  }
}
