package dev.mallard.cli;

import dev.mallard.report.RegressionCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mallard compare}: two stored result files side by side, for history. Two runs of different
 * jobs differ by more than the machine's noise, so CI uses {@code mallard gate} (interleaved rounds).
 * The former {@code --normalize normalized} (divide by the same run's in-process export) is gone: it
 * added that equally noisy benchmark's variance to every other score.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compares two JMH JSON result files benchmark by benchmark (throughput: higher is better).",
        "A regression is a slowdown beyond the threshold that is also outside both runs' error intervals.",
        "For history; a CI gate should run both commits interleaved: ./run-bench.sh --ci --base REF.",
        "Prints a markdown summary suitable for a CI job summary."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:no regression", "1:at least one regression",
        "2:unusable input (different dataset or rows, benchmarks missing from CURRENT, broken JSON, bad options)"})
public final class CompareCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "BASELINE.json", description = "Reference result file")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CURRENT.json", description = "Result file to check")
  Path current;

  @Mixin
  RegressionThreshold threshold;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the markdown summary here (e.g. $GITHUB_STEP_SUMMARY)")
  Path out;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    RegressionCheck.Outcome outcome = RegressionCheck.run(baseline, current, threshold.value);
    stdout.print(outcome.markdown());
    stdout.flush();
    if (outcome.error() != null) {
      stderr.println("mallard compare: " + outcome.error());
    }
    if (!SummaryFile.write(out, outcome.markdown(), stderr, "compare")) {
      return RegressionCheck.UNUSABLE_INPUT;
    }
    stderr.flush();
    return outcome.exitCode();
  }

}
