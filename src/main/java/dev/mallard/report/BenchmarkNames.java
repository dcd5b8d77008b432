package dev.mallard.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The benchmark naming contract with {@code dev.mallard.bench}: which method is which operation. */
public final class BenchmarkNames {
  public static final String GET = "GetBenchmark.get";
  public static final String PUT = "PutBenchmark.put";
  public static final String TRANSFER = "TransferBenchmark.transfer";
  public static final String EXCHANGE = "ExchangeBenchmark.exchange";
  public static final String IN_PROCESS_EXPORT = "BaselineBenchmark.inProcessExport";
  public static final String IN_PROCESS_COPY = "BaselineBenchmark.inProcessCopy";
  public static final String JDBC_COPY = "BaselineBenchmark.jdbcCopy";
  public static final String PARQUET_HANDOFF = "BaselineBenchmark.parquetHandoff";

  public static final String BATCH_SIZE = "batchSize";
  public static final String ALLOCATOR = "allocator";
  public static final String ROWS = "rows";
  /** Params every benchmark may have; anything else (mode, exchanger) distinguishes variants. */
  public static final Set<String> COMMON_PARAMS = Set.of(BATCH_SIZE, ALLOCATOR, ROWS);

  /** Network operations, in report order. */
  public static final List<String> OPERATIONS = List.of(GET, PUT, TRANSFER, EXCHANGE);
  public static final List<String> BASELINES = List.of(IN_PROCESS_EXPORT, IN_PROCESS_COPY, JDBC_COPY, PARQUET_HANDOFF);

  private static final Map<String, String> LABELS = Map.of(
      GET, "GET", PUT, "PUT", TRANSFER, "TRANSFER", EXCHANGE, "EXCHANGE",
      IN_PROCESS_EXPORT, "Ceiling: in-process export", IN_PROCESS_COPY, "Ceiling: in-process copy",
      JDBC_COPY, "Baseline: JDBC row copy", PARQUET_HANDOFF, "Baseline: Parquet hand-off");

  // GET and EXCHANGE stream a query result out; TRANSFER and PUT also ingest it on the far side.
  private static final Map<String, String> CEILINGS = Map.of(
      GET, IN_PROCESS_EXPORT, EXCHANGE, IN_PROCESS_EXPORT, TRANSFER, IN_PROCESS_COPY, PUT, IN_PROCESS_COPY);

  private BenchmarkNames() {}

  public static String label(String shortName) {
    return LABELS.getOrDefault(shortName, shortName);
  }

  public static Optional<String> ceilingFor(String shortName) {
    return Optional.ofNullable(CEILINGS.get(shortName));
  }

  public static boolean isBaseline(String shortName) {
    return BASELINES.contains(shortName);
  }

  /** The JDBC baseline copies only part of the dataset: one op is not one table. */
  public static boolean mayRunOnSubset(String shortName) {
    return JDBC_COPY.equals(shortName);
  }

  /** A file-name-safe, lower-case name: "get" for GET, "flightsqlbenchmark-query" otherwise. */
  public static String slug(String shortName) {
    String label = LABELS.containsKey(shortName) && !isBaseline(shortName) ? LABELS.get(shortName) : shortName;
    return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
