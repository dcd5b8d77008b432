package dev.mallard.cli;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.auth.UserStore;
import dev.mallard.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Settings both servers share, as {@code serve} options. */
final class ServerOptions {
  @Option(names = "--memory-limit", defaultValue = "4GB",
      description = "DuckDB memory_limit for each server's database (default: ${DEFAULT-VALUE}).")
  String memoryLimit;

  @Option(names = "--threads", description = "DuckDB threads per database (default: every core).")
  Integer threads;

  @Option(names = "--partitions", defaultValue = "0",
      description = "Endpoints GetFlightInfo returns for a query that can be split (a table, or a SELECT over one)"
          + " unless the client asks; 0: as many as DuckDB threads (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "" + ServerConfig.DEFAULT_BATCH_SIZE,
      description = "Rows per Arrow batch a GET sends unless the ticket asks otherwise (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--prefetch", defaultValue = "2",
      description = "Batches a GET reads ahead while one is on the wire; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int prefetch;

  @Option(names = "--data-dir",
      description = "The one directory SQL may read files from (e.g. read_parquet). By default SQL reads no files.")
  Path dataDir;

  @Option(names = "--allocator", defaultValue = "netty", description = "Arrow allocator: netty or unsafe (default: ${DEFAULT-VALUE}).")
  String allocator;

  @Option(names = "--auth", description = "Require a login (Basic, then a bearer token); users from --users or "
      + "MALLARD_USER/MALLARD_PASSWORD.")
  boolean auth;

  @Option(names = "--users", description = "Users file for --auth (create it with 'mallard users add').")
  Path users;

  @Option(names = "--token-ttl", defaultValue = "PT1H",
      description = "How long an unused bearer token stays valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration tokenTtl;

  @Option(names = "--tls-cert", description = "PEM certificate chain: serve grpc+tls.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM private key for --tls-cert.")
  Path tlsKey;

  @Option(names = "--arrow-memory-limit",
      description = "Most Arrow memory the server holds across all calls, e.g. 2GiB; a call past it is refused with"
          + " RESOURCE_EXHAUSTED (default: no limit but the JVM's direct memory).")
  String arrowMemoryLimit;

  @Option(names = "--read-ahead-threads", defaultValue = "64",
      description = "Streams that may read ahead at once, one thread each; more are refused (default: ${DEFAULT-VALUE}).")
  int readAheadThreads;

  @Option(names = "--prepared-statement-ttl", defaultValue = "PT30M",
      description = "How long an unused Flight SQL prepared statement stays open, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration preparedStatementTtl;

  @Option(names = "--max-prepared-statements", defaultValue = "256",
      description = "Flight SQL prepared statements one user may hold open (default: ${DEFAULT-VALUE}).")
  int maxPreparedStatements;

  @Option(names = "--exchange-memory", defaultValue = "64MB",
      description = "Exchange output one call keeps in memory while its client is not reading; beyond it the output "
          + "spills to --spill-dir, e.g. 64MB, 1GB (default: ${DEFAULT-VALUE}).")
  String exchangeMemory;

  @Option(names = "--spill-dir", description = "Where exchange output spills (default: the system temporary directory).")
  Path spillDir;

  @Option(names = "--idle-timeout", defaultValue = "PT5M",
      description = "A GET, PUT or EXCHANGE whose client neither reads nor writes for this long ends with TIMED_OUT, "
          + "ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  ServerConfig apply(ServerConfig base) throws Exception {
    ServerConfig config = base
        .withMemoryLimit(memoryLimit)
        .withBatchSize(batchSize)
        .withPrefetchBatches(prefetch)
        .withPartitions(partitions)
        .withAllocator(AllocatorKind.parse(allocator))
        .withDataDir(dataDir)
        .withReadAheadThreads(readAheadThreads)
        .withPreparedStatementTtl(preparedStatementTtl)
        .withMaxPreparedStatementsPerUser(maxPreparedStatements)
        .withExchangeMemory(exchangeMemory)
        .withSpillDir(spillDir)
        .withIdleTimeout(idleTimeout);
    if (arrowMemoryLimit != null) {
      config = config.withArrowMemoryLimit(arrowMemoryLimit);
    }
    if (threads != null) {
      config = config.withThreads(threads);
    }
    if (users != null && !auth) {
      throw new IllegalArgumentException("--users only makes sense with --auth");
    }
    if (auth) {
      config = config.withAuth(users != null ? UserStore.load(users) : UserStore.fromEnvironment(), tokenTtl);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (tlsCert != null) {
      config = config.withTls(tlsCert, tlsKey);
    }
    return config;
  }
}
