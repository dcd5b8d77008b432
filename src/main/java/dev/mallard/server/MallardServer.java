package dev.mallard.server;

import dev.mallard.arrow.ReleaseSignal;
import dev.mallard.exchange.ExchangerRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.mallard.auth.AuthSetup;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A DuckDB database behind an Arrow Flight endpoint. */
public final class MallardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MallardServer.class);

  private final BufferAllocator allocator;
  private final DuckDbDatabase database;
  private final FlightServer server;
  private final Location location;
  private final CallMemory memory;
  private final ExecutorService readAhead;

  private MallardServer(BufferAllocator allocator, DuckDbDatabase database, FlightServer server, Location location,
      CallMemory memory, ExecutorService readAhead) {
    this.memory = memory;
    this.readAhead = readAhead;
    this.allocator = allocator;
    this.database = database;
    this.server = server;
    this.location = location;
  }

  /** Opens the database and starts serving; with port 0 in the location, an ephemeral port is chosen. */
  public static MallardServer start(ServerConfig config, ExchangerRegistry exchangers) throws IOException, SQLException {
    BufferAllocator allocator = config.allocator().newRoot();
    DuckDbDatabase database = null;
    ExecutorService readAhead = null;
    try {
      database = DuckDbDatabase.open(config);
      CallMemory memory = new CallMemory(config.arrowMemoryLimit());
      FlightServer.Builder builder = FlightServer.builder()
          .allocator(allocator)
          .location(config.location())
          .maxInboundMessageSize(config.maxInboundMessageBytes())
          .middleware(ResponseCompression.KEY, new ResponseCompression.Factory());
      AuthSetup auth = config.users() == null
          ? AuthSetup.disabled()
          : AuthSetup.apply(builder, config.users(), config.tokenTtl(), config.clock());
      readAhead = readAheadPool(config.readAheadThreads());
      ServerCalls calls = new ServerCalls(database, allocator, memory, auth, config, readAhead);
      // Flight SQL clients (JDBC, ADBC) share the port: the router sends their requests to the Flight SQL producer
      builder.producer(new FlightSqlRouter(
          new MallardProducer(calls, exchangers, auth), new DuckDbFlightSqlProducer(calls)));
      if (config.tlsCertificate() != null) {
        builder.useTls(config.tlsCertificate().toFile(), config.tlsPrivateKey().toFile());
      }
      FlightServer server = builder.build().start();
      Location bound = withPort(config.location(), config.tlsCertificate() != null, server.getPort());
      LOG.info("Mallard server listening on {} ({})", bound.getUri(),
          config.database() == null ? "in-memory database" : "database " + config.database().toAbsolutePath());
      return new MallardServer(allocator, database, server, bound, memory, readAhead);
    } catch (IOException | SQLException | RuntimeException e) {
      if (readAhead != null) {
        readAhead.shutdownNow();
      }
      if (database != null) {
        database.close();
      }
      allocator.close();
      throw e;
    }
  }

  /**
   * One thread per stream reading ahead, up to {@code threads}; a stream past that is refused, with
   * the limit named, rather than queued behind streams that may run for minutes.
   */
  private static ThreadPoolExecutor readAheadPool(int threads) {
    return new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemonThreads("mallard-read-ahead"), (task, pool) -> {
          throw CallStatus.RESOURCE_EXHAUSTED
              .withDescription("the server's read-ahead limit of " + threads + " concurrent streams is reached;"
                  + " retry when fewer streams are running, or raise --read-ahead-threads")
              .toRuntimeException();
        });
  }

  /** Streams reading ahead right now. */
  int readAheadInUse() {
    return ((ThreadPoolExecutor) readAhead).getActiveCount();
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Flight serves TLS whenever it has a certificate, even at a grpc:// location: say grpc+tls then. */
  private static Location withPort(Location requested, boolean tls, int port) {
    java.net.URI uri = requested.getUri();
    String host = uri.getHost();
    if (tls || "grpc+tls".equals(uri.getScheme())) {
      return Location.forGrpcTls(host, port);
    }
    return Location.forGrpcInsecure(host, port);
  }

  /** Where clients reach this server (with the real port when an ephemeral one was asked for). */
  public Location location() {
    return location;
  }

  public int port() {
    return server.getPort();
  }

  /** The server's root allocator: zero bytes once every call has ended. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** The most Arrow memory any one call held since the last time this was asked: memory per stream, not per server. */
  public long takePeakCallMemory() {
    return memory.takePeak();
  }

  DuckDbDatabase database() {
    return database;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  static String version() {
    String version = MallardServer.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void close() throws InterruptedException, SQLException {
    try {
      server.shutdown();
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.close();
      }
    } finally {
      readAhead.shutdownNow();
      try {
        database.close();
      } finally {
        // a call that just ended may still be waiting for gRPC to hand back its last zero-copy buffer
        ReleaseSignal.awaitNoMemory(allocator, Duration.ofSeconds(5));
        allocator.close();
      }
    }
  }
}
