package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed output of a real `./run-bench.sh --smoke` run: the report and compare read what the harness writes. */
class RealSmokeRunTest {
  static final Path SMOKE = Path.of("src/test/resources/jmh/smoke-run.json");

  @TempDir Path dir;

  @Test
  void everyHarnessBenchmarkIsInTheRunUnderTheNamesTheReadmeLists() {
    BenchmarkRun run = JmhJsonReader.read(SMOKE);
    Set<String> names = Set.copyOf(run.names());
    for (String name : Set.of("GetBenchmark.get", "PutBenchmark.put", "TransferBenchmark.transfer",
        "ExchangeBenchmark.exchange", "BaselineBenchmark.inProcessExport", "BaselineBenchmark.inProcessCopy",
        "BaselineBenchmark.jdbcCopy", "BaselineBenchmark.parquetHandoff")) {
      assertTrue(names.contains(name), name + " missing from " + names);
    }
  }

  @Test
  void theReportOfARealRunHasTheHeadlineTableAndCharts() throws Exception {
    Path report = dir.resolve("report.md");
    ReportWriter.Written written = ReportWriter.write(SMOKE, report, dir.resolve("charts"), Optional.empty(),
        Optional.empty());
    String markdown = Files.readString(report);
    assertTrue(markdown.startsWith("| Operation | Time (ms) | Throughput (rows/sec) |")
        || markdown.contains("\n| Operation | Time (ms) | Throughput (rows/sec) |\n"), markdown);
    assertTrue(markdown.contains("*0.1 million rows processed*"), markdown);
    assertTrue(!written.charts().isEmpty());
    for (HeadlineTable.Row row : written.headline().rows()) {
      assertTrue(row.result().isPresent(), row.operation() + " has no result in the smoke run");
    }
  }

  @Test
  void aRunComparedWithItselfHasNoRegression() {
    RegressionCheck.Outcome outcome = RegressionCheck.run(SMOKE, SMOKE, 0.10);
    assertEquals(RegressionCheck.NO_REGRESSION, outcome.exitCode(), outcome.markdown() + outcome.error());
  }
}
