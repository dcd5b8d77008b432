package dev.mallard.cli;

import dev.mallard.report.BenchmarkInputException;
import dev.mallard.report.GateCheck;
import dev.mallard.report.InterleavedRuns;
import dev.mallard.report.RegressionCheck;
import dev.mallard.report.Slowdown;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mallard gate}: the CI regression gate over interleaved base/current rounds ({@code run-bench.sh --ci --base}). */
@Command(name = "gate", mixinStandardHelpOptions = true,
    description = {"Decides whether the current commit regressed against the base commit, from a directory of",
        "round-NN-base.json / round-NN-current.json JMH single-shot results run alternately on one machine",
        "(./run-bench.sh --ci --base REF writes them). A regression is a benchmark whose whole 95%% interval of",
        "the time ratio current/base lies beyond the threshold. Prints a markdown summary for a CI job page."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:no regression", "1:at least one regression",
        "2:unusable input (missing rounds or benchmarks, different datasets, not single-shot results, bad options)"})
public final class GateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ROUNDS_DIR", description = "Directory of round-NN-base.json and round-NN-current.json")
  Path directory;

  @Mixin
  RegressionThreshold threshold;

  @Option(names = "--pairs", paramLabel = "operations|forks", defaultValue = "operations",
      converter = PairingConverter.class,
      description = {"How a round's two forks correspond: operations (they took turns operation by operation, as",
          "run-bench.sh --ci runs them; default) or forks (one ran after the other, as before the lockstep)"})
  Slowdown.Pairing pairing;

  @Option(names = "--base-label", paramLabel = "TEXT", defaultValue = "base", description = "How the summary names the base commit")
  String baseLabel;

  @Option(names = "--current-label", paramLabel = "TEXT", defaultValue = "current", description = "How the summary names the current commit")
  String currentLabel;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the markdown summary here")
  Path out;

  @Option(names = "--tsv", paramLabel = "FILE", description = "Also write one tab-separated line per benchmark here")
  Path tsv;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    GateCheck check;
    String markdown;
    try {
      check = GateCheck.of(InterleavedRuns.read(directory), threshold.value, pairing);
      markdown = check.toMarkdown(baseLabel, currentLabel);
    } catch (BenchmarkInputException e) {
      markdown = "## Benchmark gate: not possible ⚠️\n\n" + e.getMessage() + "\n";
      stdout.print(markdown);
      stdout.flush();
      stderr.println("mallard gate: " + e.getMessage());
      stderr.flush();
      SummaryFile.write(out, markdown, stderr, "gate");
      return RegressionCheck.UNUSABLE_INPUT;
    }
    stdout.print(markdown);
    stdout.flush();
    if (!SummaryFile.write(out, markdown, stderr, "gate")
        || !SummaryFile.write(tsv, check.toTsv(), stderr, "gate")) {
      return RegressionCheck.UNUSABLE_INPUT;
    }
    return check.exitCode();
  }

  static final class PairingConverter implements picocli.CommandLine.ITypeConverter<Slowdown.Pairing> {
    @Override
    public Slowdown.Pairing convert(String value) {
      return switch (value) {
        case "operations" -> Slowdown.Pairing.OPERATIONS;
        case "forks" -> Slowdown.Pairing.FORKS;
        default -> throw new picocli.CommandLine.TypeConversionException("--pairs takes operations or forks, got '" + value + "'");
      };
    }
  }
}
