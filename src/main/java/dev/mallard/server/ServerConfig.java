package dev.mallard.server;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.wire.BatchSize;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.flight.Location;
import dev.mallard.auth.UserStore;
import java.time.Clock;
import java.time.Duration;

/** Everything one Mallard server is started with. Immutable; change a copy with the {@code with*} methods. */
public final class ServerConfig implements Cloneable {
  public static final int DEFAULT_BATCH_SIZE = 122_880;
  public static final int MAX_BATCH_SIZE = BatchSize.MAX;
  public static final long DEFAULT_EXCHANGE_MEMORY_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  private Location location = Location.forGrpcInsecure("localhost", 8815);
  private Path database;
  private String memoryLimit = "4GB";
  /**
   * Every core, as DuckDB itself defaults. One core used to be left to the network path, but that was
   * measured while the writer slept 50 ms whenever gRPC was not ready; since it polls, a GET on 2 cores
   * with DuckDB on 2 threads takes 0.878x the time of 1 thread [0.802, 0.961] (results/threads-final).
   */
  private int threads = Runtime.getRuntime().availableProcessors();
  private int batchSize = DEFAULT_BATCH_SIZE;
  private int prefetchBatches = 2;
  private int partitions;
  private Path dataDir;
  private AllocatorKind allocator = AllocatorKind.fromSystemProperty();
  private int maxInboundMessageBytes = 256 * 1024 * 1024;
  private UserStore users;
  private Duration tokenTtl = Duration.ofHours(1);
  private Path tlsCertificate;
  private Path tlsPrivateKey;
  private long arrowMemoryLimit = Long.MAX_VALUE;
  private int readAheadThreads = 64;
  private Duration preparedStatementTtl = Duration.ofMinutes(30);
  private int maxPreparedStatementsPerUser = 256;
  private Clock clock = Clock.systemUTC();
  private long exchangeMemoryBytes = DEFAULT_EXCHANGE_MEMORY_BYTES;
  private Path spillDir;
  private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

  public static ServerConfig defaults() {
    return new ServerConfig();
  }

  /** A changed copy: every field is an immutable value, so a shallow copy is a whole one. */
  private ServerConfig with(Consumer<ServerConfig> change) {
    ServerConfig c;
    try {
      c = (ServerConfig) clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
    change.accept(c);
    return c;
  }

  public ServerConfig withLocation(Location value) {
    return with(c -> c.location = Objects.requireNonNull(value));
  }

  /** A file makes the database persistent; null keeps it in memory. */
  public ServerConfig withDatabase(Path value) {
    return with(c -> c.database = value);
  }

  /** DuckDB's {@code memory_limit}, e.g. "4GB". Set per database: two in one JVM would each claim 80% of RAM. */
  public ServerConfig withMemoryLimit(String value) {
    return with(c -> c.memoryLimit = Objects.requireNonNull(value));
  }

  public ServerConfig withThreads(int value) {
    require(value >= 1, "threads must be at least 1, got " + value);
    return with(c -> c.threads = value);
  }

  public ServerConfig withBatchSize(int value) {
    return with(c -> c.batchSize = checkBatchSize(value));
  }

  /**
   * How many batches a GET reads ahead of the one being sent, on a thread of its own, so DuckDB
   * computes while the network sends; 0 reads and sends in turn on the call's thread.
   */
  public ServerConfig withPrefetchBatches(int value) {
    require(value >= 0 && value <= 64, "prefetch must be between 0 and 64 batches, got " + value);
    return with(c -> c.prefetchBatches = value);
  }

  /**
   * How many endpoints GetFlightInfo returns for a query it can split when the client does not ask
   * (see {@code PartitionPlanner}); 0, the default, follows {@link #threads()}: one partition per
   * DuckDB thread. A server-chosen split still gives every partition at least one batch of rows.
   */
  public ServerConfig withPartitions(int value) {
    require(value >= 0 && value <= dev.mallard.wire.QueryTicket.MAX_PARTITIONS, "partitions must be between 0 and "
        + dev.mallard.wire.QueryTicket.MAX_PARTITIONS + ", got " + value);
    return with(c -> c.partitions = value);
  }

  /** The one directory whose files SQL may read (DuckDB's {@code allowed_directories}); null for none. */
  public ServerConfig withDataDir(Path value) {
    return with(c -> c.dataDir = value);
  }

  public ServerConfig withAllocator(AllocatorKind value) {
    return with(c -> c.allocator = Objects.requireNonNull(value));
  }

  /** Largest single Flight message (one batch) the server accepts. */
  public ServerConfig withMaxInboundMessageBytes(int value) {
    return with(c -> c.maxInboundMessageBytes = value);
  }

  /**
   * Turns authentication on: every call must log in as one of {@code users} (Basic, then the
   * bearer token it is given), and each user's role decides what it may do.
   */
  public ServerConfig withAuth(UserStore users, Duration tokenTtl) {
    require(!users.isEmpty(), "--auth needs users: pass --users FILE or set MALLARD_USER and MALLARD_PASSWORD");
    return with(c -> {
      c.users = users;
      c.tokenTtl = Objects.requireNonNull(tokenTtl);
    });
  }

  public ServerConfig withTls(Path certificateChain, Path privateKey) {
    return with(c -> {
      c.tlsCertificate = Objects.requireNonNull(certificateChain);
      c.tlsPrivateKey = Objects.requireNonNull(privateKey);
    });
  }

  /**
   * The most Arrow memory the server's calls hold before it refuses new ones with
   * RESOURCE_EXHAUSTED naming the limit (see {@link ArrowMemoryLimit} for why it is checked at the
   * start of a call). Default: no limit of Mallard's own, only the JVM's direct memory.
   */
  public ServerConfig withArrowMemoryLimit(long bytes) {
    require(bytes > 0, "the Arrow memory limit must be positive, got " + bytes);
    return with(c -> c.arrowMemoryLimit = bytes);
  }

  /** The same from text such as "2GiB" or "512MiB". */
  public ServerConfig withArrowMemoryLimit(String size) {
    return withArrowMemoryLimit(ArrowMemoryLimit.parse(size));
  }

  /**
   * How many GETs (and direct transfers) may read ahead at once, each on a thread of its own; one
   * more is refused with RESOURCE_EXHAUSTED rather than growing the server's threads without end.
   */
  public ServerConfig withReadAheadThreads(int value) {
    require(value >= 1, "read-ahead threads must be at least 1, got " + value);
    return with(c -> c.readAheadThreads = value);
  }

  /** How long a Flight SQL prepared statement no call has used stays open before the server closes it. */
  public ServerConfig withPreparedStatementTtl(Duration value) {
    require(value.compareTo(Duration.ZERO) > 0, "the prepared statement TTL must be positive, got " + value);
    return with(c -> c.preparedStatementTtl = value);
  }

  /** How many Flight SQL prepared statements one user may hold open at once. */
  public ServerConfig withMaxPreparedStatementsPerUser(int value) {
    require(value >= 1, "the prepared statement limit must be at least 1, got " + value);
    return with(c -> c.maxPreparedStatementsPerUser = value);
  }

  /** The clock tokens and prepared statements expire by; tests move it by hand rather than wait out a TTL. */
  ServerConfig withClock(Clock value) {
    return with(c -> c.clock = Objects.requireNonNull(value));
  }

  /**
   * How much exchange output one call keeps in memory while its client is not reading (a client
   * that writes everything before it reads); beyond it the output waits in a spill file.
   */
  public ServerConfig withExchangeMemory(long bytes) {
    require(bytes >= 0, "exchange memory must not be negative, got " + bytes);
    return with(c -> c.exchangeMemoryBytes = bytes);
  }

  /** The same from text such as "64MB" or "1GiB". */
  public ServerConfig withExchangeMemory(String size) {
    return withExchangeMemory(ArrowMemoryLimit.parse(size));
  }

  /** Where exchange output spills; null for the system temporary directory. */
  public ServerConfig withSpillDir(Path value) {
    return with(c -> c.spillDir = value);
  }

  /** A GET, PUT or EXCHANGE whose client neither reads nor writes for this long ends with TIMED_OUT. */
  public ServerConfig withIdleTimeout(Duration value) {
    require(value.compareTo(Duration.ZERO) > 0, "idle timeout must be positive, got " + value);
    return with(c -> c.idleTimeout = value);
  }

  private static void require(boolean valid, String otherwise) {
    if (!valid) {
      throw new IllegalArgumentException(otherwise);
    }
  }

  static int checkBatchSize(long value) {
    return BatchSize.check(value);
  }

  public Location location() { return location; }
  public Path database() { return database; }
  public String memoryLimit() { return memoryLimit; }
  public int threads() { return threads; }
  public int batchSize() { return batchSize; }
  public int prefetchBatches() { return prefetchBatches; }
  /** The partitions GetFlightInfo offers by default: the configured number, or the DuckDB threads. */
  public int partitions() { return partitions > 0 ? partitions : threads; }
  public Path dataDir() { return dataDir; }
  public AllocatorKind allocator() { return allocator; }
  public int maxInboundMessageBytes() { return maxInboundMessageBytes; }
  /** The users who may log in; null when authentication is off. */
  public UserStore users() { return users; }
  public Duration tokenTtl() { return tokenTtl; }
  public Path tlsCertificate() { return tlsCertificate; }
  public Path tlsPrivateKey() { return tlsPrivateKey; }
  public long arrowMemoryLimit() { return arrowMemoryLimit; }
  public int readAheadThreads() { return readAheadThreads; }
  public Duration preparedStatementTtl() { return preparedStatementTtl; }
  public int maxPreparedStatementsPerUser() { return maxPreparedStatementsPerUser; }
  Clock clock() { return clock; }
  public long exchangeMemoryBytes() { return exchangeMemoryBytes; }
  public Path spillDir() { return spillDir != null ? spillDir : Path.of(System.getProperty("java.io.tmpdir")); }
  public Duration idleTimeout() { return idleTimeout; }
}
