package dev.mallard.cli;

import dev.mallard.report.BenchmarkInputException;
import dev.mallard.report.RegressionCheck;
import dev.mallard.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mallard report}: markdown report and charts from JMH JSON result files. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a markdown report with charts from JMH JSON result files (run with -rf json),",
        "and prints its headline table. Reads machine.json beside the first result file when present."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:report written", "2:unusable input (missing, broken or not JMH output)"})
public final class ReportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "RESULT.json",
      description = "JMH result file (-rf json); several make one report, e.g. runs of one sitting with their own forks")
  List<Path> results;

  @Option(names = "--out", paramLabel = "FILE", description = "Report to write (default: report.md beside the first RESULT.json)")
  Path out;

  @Option(names = "--charts", paramLabel = "DIR", description = "Directory for the PNG charts (default: charts/ beside the report)")
  Path charts;

  @Option(names = "--batch-size", paramLabel = "N", description = "Headline batch size (default: where GET is fastest)")
  Long batchSize;

  @Option(names = "--allocator", paramLabel = "A", description = "Headline allocator, netty or unsafe (default: where GET is fastest)")
  String allocator;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Path report = out != null ? out : results.get(0).toAbsolutePath().resolveSibling("report.md");
    Path chartDirectory = charts != null ? charts : report.toAbsolutePath().resolveSibling("charts");
    try {
      ReportWriter.Written written = ReportWriter.write(results, report, chartDirectory,
          Optional.ofNullable(batchSize).map(String::valueOf), Optional.ofNullable(allocator));
      stdout.print(written.headline().toMarkdown());
      stdout.println();
      stdout.println(written.headline().configurationLine());
      stdout.println();
      stdout.print(written.headline().intervalsMarkdown());
      stdout.println();
      stdout.println("Report written to " + report + " with " + written.charts().size() + " chart(s) in " + chartDirectory);
      stdout.flush();
      return 0;
    } catch (BenchmarkInputException e) {
      stderr.println("mallard report: " + e.getMessage());
      stderr.flush();
      return RegressionCheck.UNUSABLE_INPUT;
    }
  }
}
