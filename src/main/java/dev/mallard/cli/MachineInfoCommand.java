package dev.mallard.cli;

import dev.mallard.report.MachineInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mallard machine-info}: writes this machine's {@code machine.json} for the benchmark script to
 * put beside its result file, so a report written elsewhere still describes the benchmark machine.
 */
@Command(name = "machine-info", mixinStandardHelpOptions = true,
    description = "Prints (or writes) machine.json: CPU, cores, memory, OS, JDK, DuckDB and Arrow versions, and the network links.")
public final class MachineInfoCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout, e.g. results/machine.json")
  Path out;

  @Option(names = "--link", paramLabel = "SPEC",
      description = "The network the benchmarks ran over, recorded as \"link\": servers=RATE,client=RATE (run-bench.sh --link), or none for loopback.")
  String link;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    MachineInfo machine = MachineInfo.detect();
    String json = (link == null ? machine : machine.withLink(link)).toJson();
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(json);
      stdout.flush();
    } else {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(out, json);
    }
    return 0;
  }
}
