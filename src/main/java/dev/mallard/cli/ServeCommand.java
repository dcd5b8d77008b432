package dev.mallard.cli;

import dev.mallard.exchange.ExchangerRegistry;
import dev.mallard.server.MallardServer;
import dev.mallard.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.flight.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mallard serve}: two DuckDB Flight servers in this process (or one, with {@code --single}). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start two DuckDB Flight servers (ports 8815 and 8816), in memory or on disk. Ctrl-C stops them.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--server1-location", defaultValue = "grpc://localhost:8815",
      description = "Where server 1 listens (default: ${DEFAULT-VALUE}).")
  URI server1Location;

  @Option(names = "--server2-location", defaultValue = "grpc://localhost:8816",
      description = "Where server 2 listens (default: ${DEFAULT-VALUE}).")
  URI server2Location;

  @Option(names = "--server1-db", description = "Database file for server 1 (default: in memory).")
  Path server1Db;

  @Option(names = "--server2-db", description = "Database file for server 2 (default: in memory).")
  Path server2Db;

  @Option(names = "--single", description = "Start server 1 only.")
  boolean single;

  @Mixin
  ServerOptions options;

  @Override
  public Integer call() throws Exception {
    ServerConfig shared = options.apply(ServerConfig.defaults());
    ExchangerRegistry exchangers = ExchangerRegistry.load();
    List<MallardServer> servers = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeAll(servers);
      stopped.countDown();
    }, "mallard-shutdown"));
    try {
      servers.add(MallardServer.start(shared.withLocation(new Location(server1Location)).withDatabase(server1Db),
          exchangers));
      if (!single) {
        servers.add(MallardServer.start(shared.withLocation(new Location(server2Location)).withDatabase(server2Db),
            exchangers));
      }
    } catch (Exception e) {
      closeAll(servers);
      throw e;
    }
    System.out.println("Serving " + servers.size() + " Mallard server(s); press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  private static synchronized void closeAll(List<MallardServer> servers) {
    for (MallardServer server : servers) {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("error stopping " + server.location().getUri() + ": " + e.getMessage());
      }
    }
    servers.clear();
  }
}
