package dev.mallard.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads result files and writes the markdown report and its charts. */
public final class ReportWriter {

  /** What was written: the full report, the headline on its own (for stdout) and the charts. */
  public record Written(Path report, String markdown, HeadlineTable headline, List<ThroughputCharts.Chart> charts) {}

  private ReportWriter() {}

  /**
   * @param chartDirectory where the PNGs go; links in the report are relative to {@code report}'s directory
   * @param batchSize headline batch size, empty to pick the fastest GET
   * @param allocator headline allocator, empty to pick the fastest GET
   */
  public static Written write(Path resultFile, Path report, Path chartDirectory, Optional<String> batchSize,
      Optional<String> allocator) {
    return write(List.of(resultFile), report, chartDirectory, batchSize, allocator);
  }

  /** One report of several result files of one sitting; machine.json is looked for beside the first. */
  public static Written write(List<Path> resultFiles, Path report, Path chartDirectory, Optional<String> batchSize,
      Optional<String> allocator) {
    BenchmarkRun run = JmhJsonReader.read(resultFiles);
    HeadlineTable headline = HeadlineTable.of(run, batchSize, allocator);
    MachineInfo machine = MachineInfo.forResult(resultFiles.get(0));
    List<ThroughputCharts.Chart> charts = new ThroughputCharts(run).writeTo(chartDirectory);
    Path directory = report.toAbsolutePath().getParent();
    String markdown = new MarkdownReport(run, headline, machine, charts, directory).render();
    try {
      Files.createDirectories(directory);
      Files.writeString(report, markdown);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + report, e);
    }
    return new Written(report, markdown, headline, charts);
  }
}
