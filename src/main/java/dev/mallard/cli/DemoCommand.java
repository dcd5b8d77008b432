package dev.mallard.cli;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.ReleaseSignal;
import dev.mallard.cli.demo.DemoConsole;
import dev.mallard.cli.demo.DemoSession;
import dev.mallard.cli.demo.DemoSettings;
import dev.mallard.cli.demo.DemoWalkthrough;
import dev.mallard.cli.demo.LocalDuckDb;
import dev.mallard.dataset.FlightsDataset;
import dev.mallard.exchange.ExchangerRegistry;
import dev.mallard.server.ServerConfig;
import dev.mallard.server.ServerPair;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mallard demo}: the five-step walkthrough, on servers it starts itself or on running ones. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"A five-step walkthrough: connection, basic PUT/GET/TRANSFER, the flights dataset, "
        + "custom exchangers, and a small benchmark report.",
        "Starts two servers in this process on free loopback ports, unless --server1 and --server2 name running ones."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every step verified its data", "1:a step failed (it is named)", "2:bad options"})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--rows", description = "Rows of the generated flights dataset (default: ${DEFAULT-VALUE}).")
  long rows = FlightsDataset.DEFAULT_ROWS;

  @Option(names = "--dataset", paramLabel = "FILE",
      description = "Your own flights Parquet file instead of the generated one (--rows is then ignored).")
  Path dataset;

  @Option(names = "--dataset-dir", paramLabel = "DIR", defaultValue = "datasets",
      description = "Where the generated dataset is kept: flights.parquet for the default rows, flights-N.parquet "
          + "otherwise (default: ${DEFAULT-VALUE}).")
  Path datasetDir;

  @Option(names = "--batch-size", defaultValue = "" + ServerConfig.DEFAULT_BATCH_SIZE,
      description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--repetitions", defaultValue = "3",
      description = "Timed runs per operation in the benchmark step, after one warm-up (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "results/demo-report.md",
      description = "Where the benchmark report goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--no-color", description = "No ANSI colours and no progress bars (also off when not on a terminal).")
  boolean noColor;

  @Option(names = "--server1", paramLabel = "URI", description = "A running server 1, e.g. grpc://localhost:8815.")
  URI server1;

  @Option(names = "--server2", paramLabel = "URI", description = "A running server 2, e.g. grpc://localhost:8816.")
  URI server2;

  @Option(names = "--memory-limit", defaultValue = "2GB",
      description = "DuckDB memory_limit of each in-process server and of the client's DuckDB (default: ${DEFAULT-VALUE}).")
  String memoryLimit;

  @Mixin
  ClientOptions client;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String problem = checkOptions();
    if (problem != null) {
      err.println("mallard demo: " + problem);
      err.flush();
      return 2;
    }
    DemoConsole console = new DemoConsole(spec.commandLine().getOut(), !noColor && DemoConsole.terminalAttached());
    DemoSettings settings = new DemoSettings(datasetPath(), dataset != null ? 0 : rows, batchSize, repetitions, out);
    DemoWalkthrough.Outcome outcome;
    BufferAllocator allocator = AllocatorKind.fromSystemProperty().newRoot();
    try {
      ServerPair pair = server1 == null ? startServers(console) : null;
      try (LocalDuckDb local = new LocalDuckDb(memoryLimit);
          DemoSession session = new DemoSession(console, settings, allocator, local,
              pair != null ? pair.first().location() : new Location(server1),
              pair != null ? pair.second().location() : new Location(server2),
              location -> client.connect(location.getUri(), allocator))) {
        outcome = new DemoWalkthrough(DemoWalkthrough.STEPS).run(session);
      } finally {
        if (pair != null) {
          pair.close();
        }
      }
    } finally {
      // gRPC may hold zero-copy buffers a moment after a call ends; a leak would make closing the allocator throw
      ReleaseSignal.awaitNoMemory(allocator, Duration.ofSeconds(5));
    }
    int exitCode = 0;
    if (!outcome.passed()) {
      err.println("mallard demo: " + outcome.failedStep() + " failed: " + outcome.reason());
      exitCode = 1;
    }
    long leaked = allocator.getAllocatedMemory();
    if (leaked != 0) {
      // a bug in the demo or the client; one line instead of the allocator's exception
      err.println("mallard demo: the client still holds " + leaked + " bytes of Arrow memory after the walkthrough");
      exitCode = 1;
    } else {
      allocator.close();
    }
    err.flush();
    return exitCode;
  }

  private String checkOptions() {
    if ((server1 == null) != (server2 == null)) {
      return "give both --server1 and --server2, or neither to let the demo start its own servers";
    }
    if (dataset == null && (rows <= 0 || rows > FlightsDataset.MAX_ROWS)) {
      return "--rows must be between 1 and " + FlightsDataset.MAX_ROWS + ", got " + rows;
    }
    if (batchSize < 1 || batchSize > ServerConfig.MAX_BATCH_SIZE) {
      return "--batch-size must be between 1 and " + ServerConfig.MAX_BATCH_SIZE + ", got " + batchSize;
    }
    if (repetitions < 1) {
      return "--repetitions must be at least 1, got " + repetitions;
    }
    if (client.user != null && server1 == null) {
      return "--user is for running servers (--server1/--server2); the demo's own servers need no login";
    }
    return null;
  }

  private Path datasetPath() {
    if (dataset != null) {
      return dataset;
    }
    String name = rows == FlightsDataset.DEFAULT_ROWS ? "flights.parquet" : "flights-" + rows + ".parquet";
    return datasetDir.resolve(name);
  }

  private ServerPair startServers(DemoConsole console) throws Exception {
    // ephemeral ports: a demo must not clash with a 'mallard serve' already on 8815/8816
    ServerConfig config = ServerConfig.defaults()
        .withLocation(Location.forGrpcInsecure("127.0.0.1", 0))
        .withMemoryLimit(memoryLimit)
        .withBatchSize(batchSize);
    ServerPair pair = ServerPair.start(config, config, ExchangerRegistry.load());
    console.line("Started two Mallard servers in this process: server 1 at " + pair.first().location().getUri()
        + ", server 2 at " + pair.second().location().getUri());
    return pair;
  }
}
