package dev.mallard.cli;

import dev.mallard.dataset.ConsoleProgress;
import dev.mallard.dataset.FlightsDataset;
import dev.mallard.dataset.InvalidParquetFileException;
import dev.mallard.dataset.ParquetFileCheck;
import dev.mallard.dataset.ParquetFileReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mallard dataset generate|check}: the flights file the benchmarks and the demo read. */
@Command(
    name = "dataset",
    description = "Generate or inspect the flights Parquet file.",
    mixinStandardHelpOptions = true,
    subcommands = {DatasetCommand.Generate.class, DatasetCommand.Check.class})
public final class DatasetCommand implements Callable<Integer> {
  /** Bad input: a file that is not usable Parquet, or arguments out of range. */
  public static final int EXIT_BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return EXIT_BAD_INPUT;
  }

  @Command(
      name = "generate",
      description = "Write the synthetic flights file (same rows and seed: byte-identical file).",
      mixinStandardHelpOptions = true)
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rows", description = "Rows to generate (default: ${DEFAULT-VALUE}).")
    long rows = FlightsDataset.DEFAULT_ROWS;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = FlightsDataset.DEFAULT_SEED;

    @Option(names = "--out", description = "Output file (default: ${DEFAULT-VALUE}).")
    Path out = FlightsDataset.DEFAULT_PATH;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      if (rows <= 0 || rows > FlightsDataset.MAX_ROWS) {
        err.println("error: --rows must be between 1 and " + FlightsDataset.MAX_ROWS + ", got " + rows);
        return EXIT_BAD_INPUT;
      }
      if (Files.exists(this.out) && !force) {
        // Idempotent, so scripts can call it unconditionally; a broken file is not silently kept.
        try {
          ParquetFileReport existing = ParquetFileCheck.read(this.out);
          err.printf("%s exists (%,d rows, fingerprint %s): kept; --force regenerates it%n",
              this.out, existing.rows(), existing.shortFingerprint());
          return 0;
        } catch (InvalidParquetFileException e) {
          err.println("error: " + e.getMessage() + "; --force replaces it");
          return EXIT_BAD_INPUT;
        }
      }
      long start = System.nanoTime();
      try (ConsoleProgress progress = ConsoleProgress.forTask("Generating " + this.out.getFileName())) {
        FlightsDataset.generate(this.out, rows, seed, progress);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ParquetFileReport report = ParquetFileCheck.read(this.out);
      out.printf("wrote %s: %,d rows, %,d bytes, fingerprint %s, in %.1f s%n",
          this.out, report.rows(), report.fileBytes(), report.shortFingerprint(), seconds);
      return 0;
    }
  }

  @Command(
      name = "check",
      description = "Read a Parquet file's footer: rows, row groups, columns, sizes, fingerprint.",
      mixinStandardHelpOptions = true)
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The Parquet file.")
    Path file;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--fingerprint", description = "Print only the full fingerprint (for scripts).")
    boolean fingerprintOnly;

    @Override
    public Integer call() throws Exception {
      ParquetFileReport report;
      try {
        report = ParquetFileCheck.read(file);
      } catch (InvalidParquetFileException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return EXIT_BAD_INPUT;
      } catch (IOException e) {
        spec.commandLine().getErr().println("error: cannot read " + file + ": " + e.getMessage());
        return EXIT_BAD_INPUT;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (fingerprintOnly) {
        out.println(report.fingerprint());
      } else {
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
      }
      out.flush();
      return 0;
    }
  }
}
