package dev.mallard.bench;

import dev.mallard.arrow.StreamStats;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Flight SQL way to the same rows as {@link GetBenchmark#get}: a statement, GetFlightInfo,
 * then DoGet of the ticket it returns, which is what JDBC and ADBC drivers do. Side by side with
 * the plain GET it shows the cost of the extra round trip. Flight SQL has no field for asking a
 * number of partitions, so {@code -p serverPartitions=1,2,4} sets what the servers offer.
 */
@State(Scope.Benchmark)
public class FlightSqlBenchmark extends BenchmarkDefaults {
  private FlightSqlClient sql;

  @Setup(Level.Trial)
  public void connect(ServerPairState servers) {
    sql = new FlightSqlClient(FlightClient.builder(servers.clientAllocator, servers.client1.location()).build());
  }

  @TearDown(Level.Trial)
  public void disconnect() throws Exception {
    sql.close();
  }

  @Benchmark
  public long query(ServerPairState servers, Moved moved, PeakMemory memory) throws Exception {
    StreamStats.Counter counter = new StreamStats.Counter();
    FlightInfo info = sql.execute(QUERY, servers.client1.credentials());
    StreamStats stats;
    if (info.getEndpoints().size() == 1) {
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), servers.client1.credentials())) {
        while (stream.next()) {
          counter.add(stream.getRoot());
        }
      }
      stats = counter.finish();
    } else {
      // the server split the statement (its default partitions): read every endpoint side by side, as drivers may
      stats = readConcurrently(info, servers);
    }
    Expect.rows(servers.rows, stats.rows(), "Flight SQL query");
    moved.add(stats);
    memory.record(servers.takePeakServerMemory());
    return stats.rows();
  }

  private StreamStats readConcurrently(FlightInfo info, ServerPairState servers) throws Exception {
    long start = System.nanoTime();
    java.util.List<java.util.concurrent.Future<StreamStats>> parts = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(info.getEndpoints().size());
    try {
      for (org.apache.arrow.flight.FlightEndpoint endpoint : info.getEndpoints()) {
        parts.add(threads.submit(() -> {
          StreamStats.Counter counter = new StreamStats.Counter();
          try (FlightStream stream = sql.getStream(endpoint.getTicket(), servers.client1.credentials())) {
            while (stream.next()) {
              counter.add(stream.getRoot());
            }
          }
          return counter.finish();
        }));
      }
      java.util.List<StreamStats> done = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<StreamStats> part : parts) {
        done.add(part.get());
      }
      return StreamStats.combine(done, System.nanoTime() - start);
    } finally {
      threads.shutdownNow();
    }
  }
}
