package dev.mallard.bench;

import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.exchange.ExchangerRegistry;
import dev.mallard.server.MallardServer;
import dev.mallard.server.ServerConfig;
import dev.mallard.server.ServerPair;
import java.net.URISyntaxException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Server 1 holding the flights table and an empty server 2, with a client connected to each
 * (JMHSample_29_StatesDAG: it builds on the dataset, the Arrow settings and the local databases).
 *
 * <p>By default both servers run in this fork on ephemeral loopback ports. To measure two real
 * machines, point the same benchmarks at running servers: {@code -p server1=grpc://hostA:8815
 * -p server2=grpc://hostB:8816} (credentials from {@code -Dmallard.user} / {@code -Dmallard.password}).
 */
@State(Scope.Benchmark)
public class ServerPairState {
  @Param({""})
  public String server1;

  @Param({""})
  public String server2;

  /** DuckDB threads per in-process server; 0 means the server's default (every core). */
  @Param({"0"})
  public int serverThreads;

  /**
   * Endpoints the in-process servers' GetFlightInfo offers when the client does not ask (their
   * {@code --partitions}); 0 means the server's default (its DuckDB threads). Flight SQL clients
   * cannot ask, so this is how {@link FlightSqlBenchmark} runs at 1, 2 or 4 partitions.
   */
  @Param({"0"})
  public int serverPartitions;

  /** Batches a GET reads ahead while one is on the wire (in-process servers only); 0 turns read-ahead off. */
  @Param({"2"})
  public int prefetch;

  /** Arrow IPC body compression on the wire, both ways: none, zstd or auto (a lever for slow networks). */
  @Param({"none"})
  public String compression;

  ServerPair pair;
  BufferAllocator clientAllocator;
  MallardClient client1;
  MallardClient client2;
  long rows;

  @Setup(Level.Trial)
  public void start(DatasetState dataset, ArrowSettings arrow, LocalPairState local) throws Exception {
    rows = dataset.expectedRows();
    clientAllocator = arrow.kind.newRoot();
    Location location1;
    Location location2;
    if (server1.isEmpty() != server2.isEmpty()) {
      throw new IllegalArgumentException("give both server1 and server2, or neither for the in-process pair");
    }
    if (server1.isEmpty()) {
      ServerConfig config = ServerConfig.defaults()
          .withLocation(Location.forGrpcInsecure("127.0.0.1", 0))
          .withAllocator(arrow.kind)
          .withBatchSize(arrow.batchSize)
          .withPrefetchBatches(prefetch)
          .withMemoryLimit(LocalPairState.memoryLimit(rows))
          .withThreads(serverThreads > 0 ? serverThreads : ServerConfig.defaults().threads())
          .withPartitions(serverPartitions);
      pair = ServerPair.start(config, config, ExchangerRegistry.load());
      location1 = pair.first().location();
      location2 = pair.second().location();
    } else {
      location1 = parse(server1);
      location2 = parse(server2);
    }
    client1 = connect(location1).setCompression(IpcCompression.parse(compression));
    client2 = connect(location2).setCompression(IpcCompression.parse(compression));
    if (!hasFlights()) {
      try (QueryExport source = QueryExport.open(local.databases.source, BenchmarkDefaults.QUERY, clientAllocator,
          arrow.batchSize)) {
        client1.put(BenchmarkDefaults.TABLE, source.reader(), PutMode.REPLACE, true);
      }
    }
    Expect.rows(rows, client1.checksumTable(BenchmarkDefaults.TABLE).rows(), "loading server 1");
    takePeakServerMemory();
  }

  private boolean hasFlights() throws Exception {
    return client1.listTables().stream().anyMatch(t -> BenchmarkDefaults.TABLE.equals(t.get("name"))
        && ((Number) t.get("rows")).longValue() == rows);
  }

  private MallardClient connect(Location location) {
    String user = System.getProperty("mallard.user");
    return user == null
        ? MallardClient.connect(location, clientAllocator)
        : MallardClient.connect(location, clientAllocator, user, System.getProperty("mallard.password", ""));
  }

  private static Location parse(String uri) throws URISyntaxException {
    return new Location(uri);
  }

  /** The most Arrow memory one call held on either in-process server since the last ask; 0 for external servers. */
  long takePeakServerMemory() {
    if (pair == null) {
      return 0;
    }
    return Math.max(pair.first().takePeakCallMemory(), pair.second().takePeakCallMemory());
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    client1.close();
    client2.close();
    if (pair != null) {
      pair.close();
    }
    long leaked = clientAllocator.getAllocatedMemory();
    clientAllocator.close();
    if (leaked != 0) {
      throw new IllegalStateException("the benchmark client leaked " + leaked + " bytes of Arrow memory");
    }
  }
}
