package dev.mallard.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One entry of a JMH {@code -rf json} result file: one benchmark method at one parameter combination.
 * Fields JMH may omit (or older/newer versions may not write) are null, never guessed.
 */
public record JmhResult(
    String jmhVersion,
    String benchmark,
    String mode,
    Integer threads,
    Integer forks,
    String jvm,
    List<String> jvmArgs,
    String jdkVersion,
    String vmName,
    String vmVersion,
    Integer warmupIterations,
    String warmupTime,
    Integer measurementIterations,
    String measurementTime,
    Map<String, String> params,
    Metric primaryMetric,
    Map<String, Metric> secondaryMetrics) {

  public static final String FINGERPRINT_PROPERTY = "-Dmallard.fingerprint=";
  public static final String ROWS_SECONDARY = "rows";
  public static final String BYTES_SECONDARY = "bytes";
  public static final String PEAK_ARROW_SECONDARY = "peakArrowBytes";

  public JmhResult {
    jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    secondaryMetrics = secondaryMetrics == null ? Map.of() : Map.copyOf(secondaryMetrics);
  }

  /** "GetBenchmark.get" for "dev.mallard.bench.GetBenchmark.get": class and method, no package. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
    return benchmark.substring(type + 1);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  public Optional<Metric> secondary(String name) {
    return Optional.ofNullable(secondaryMetrics.get(name));
  }

  /** The dataset fingerprint the harness passes to the forked JVM as a system property. */
  public Optional<String> fingerprint() {
    return jvmArgs.stream().filter(a -> a.startsWith(FINGERPRINT_PROPERTY))
        .map(a -> a.substring(FINGERPRINT_PROPERTY.length())).reduce((first, later) -> later);
  }

  /** Rows in the dataset (the {@code rows} param), not necessarily the rows one op moves. */
  public OptionalLong datasetRows() {
    String rows = params.get("rows");
    if (rows == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(rows.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Whole-table operations per second with its interval, whatever mode and unit JMH used. */
  public Rate opsPerSecond() {
    return Rate.of(primaryMetric);
  }

  /** Milliseconds per op: every op moves the whole table, so this is the time to move it. */
  public double millisPerOp() {
    return 1000 / opsPerSecond().perSecond();
  }

  /**
   * Error of {@link #millisPerOp()}: the ops/s interval mapped through 1000/x is lopsided, so this
   * is the larger of its two sides (conservative). NaN when there is no interval or it reaches zero.
   */
  public double millisPerOpError() {
    Rate ops = opsPerSecond();
    if (!ops.hasInterval() || ops.low() <= 0) {
      return Double.NaN;
    }
    double ms = millisPerOp();
    return Math.max(1000 / ops.low() - ms, ms - 1000 / ops.high());
  }

  /**
   * Rows per second from the {@code rows} counter; without it, ops/s times the dataset rows, which is
   * only true for benchmarks that move the whole dataset (not for the JDBC baseline, which may copy a
   * subset, so that one never falls back).
   */
  public OptionalDouble rowsPerSecond() {
    Optional<Metric> rows = secondary(ROWS_SECONDARY);
    if (rows.isPresent()) {
      return OptionalDouble.of(Rate.of(rows.get()).perSecond());
    }
    if (BenchmarkNames.mayRunOnSubset(shortName()) || datasetRows().isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(opsPerSecond().perSecond() * datasetRows().getAsLong());
  }

  public OptionalDouble bytesPerSecond() {
    return secondary(BYTES_SECONDARY).map(m -> OptionalDouble.of(Rate.of(m).perSecond())).orElse(OptionalDouble.empty());
  }

  /** Peak Arrow allocation during an op: the largest iteration value, since JMH sums EVENTS counters. */
  public OptionalDouble peakArrowBytes() {
    return secondary(PEAK_ARROW_SECONDARY).map(m -> OptionalDouble.of(m.maxIterationValue())).orElse(OptionalDouble.empty());
  }

  /** Params other than the ones every Mallard benchmark shares, e.g. {@code mode=direct}. */
  public Map<String, String> variantParams() {
    return params.entrySet().stream().filter(e -> !BenchmarkNames.COMMON_PARAMS.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /** Benchmark name plus all params: unique within one run. */
  public String key() {
    return params.isEmpty() ? shortName() : shortName() + " " + params.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
