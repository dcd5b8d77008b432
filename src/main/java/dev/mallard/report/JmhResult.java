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
  public static final String PEAK_HEAP_SECONDARY = "peakHeapBytes";

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

  /**
   * Whether each raw value is one operation ({@code ss}: SingleShotTime with one call per
   * iteration, as {@code dev.mallard.bench} measures; {@code sample}: SampleTime), so that the
   * median and its interval describe operations, not iteration averages.
   */
  public boolean samplesOperations() {
    return "ss".equals(mode) || "sample".equals(mode);
  }

  /** Every measured operation's time in ms, all forks; empty unless {@link #samplesOperations()}. */
  public double[] millisPerOpSamples() {
    if (!samplesOperations()) {
      return new double[0];
    }
    return java.util.Arrays.stream(primaryMetric.samples())
        .map(v -> Rate.millisPerOp(v, primaryMetric.unit())).filter(Double::isFinite).toArray();
  }

  /** Median ms per op with its 95% interval (no interval for throughput-mode runs or too few operations). */
  public MedianInterval millisPerOpInterval() {
    double[] samples = millisPerOpSamples();
    return samples.length == 0
        ? new MedianInterval(millisPerOp(), Double.NaN, Double.NaN, 0)
        : MedianInterval.of(samples);
  }

  /**
   * Milliseconds per op: every op moves the whole table, so this is the time to move it. The
   * median operation when each one was a sample; 1000 / the throughput score otherwise.
   */
  public double millisPerOp() {
    double[] samples = millisPerOpSamples();
    return samples.length == 0 ? 1000 / opsPerSecond().perSecond() : MedianInterval.of(samples).median();
  }

  /**
   * Rows per second, median and 95% interval ({@link #rowsPerOperation()} over each end of the
   * ms/op interval); empty when the rows one op moves are unknown.
   */
  public Optional<MedianInterval> rowsPerSecondInterval() {
    OptionalDouble rows = rowsPerOperation();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(millisPerOpInterval().inverted(rows.getAsDouble() * 1000));
  }

  /**
   * Rows one operation moved: the median of the per-operation {@code rows} counts of a
   * single-shot run, else the dataset's rows (not for the JDBC baseline, which may copy a subset).
   */
  public OptionalDouble rowsPerOperation() {
    Optional<Metric> rows = secondary(ROWS_SECONDARY);
    if (rows.isPresent() && rows.get().isCount() && samplesOperations() && rows.get().samples().length > 0) {
      return OptionalDouble.of(new org.openjdk.jmh.util.ListStatistics(rows.get().samples()).getPercentile(50));
    }
    if (BenchmarkNames.mayRunOnSubset(shortName()) || datasetRows().isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(datasetRows().getAsLong());
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
   * Rows per second: rows per operation over the median operation time in single-shot runs; the
   * {@code rows} rate of older throughput-mode runs; without either, ops/s times the dataset rows,
   * which is only true for benchmarks that move the whole dataset (not for the JDBC baseline, which
   * may copy a subset, so that one never falls back).
   */
  public OptionalDouble rowsPerSecond() {
    Optional<Metric> rows = secondary(ROWS_SECONDARY);
    if (rows.isPresent() && !rows.get().isCount()) {
      return OptionalDouble.of(Rate.of(rows.get()).perSecond());
    }
    if (samplesOperations()) {
      Optional<MedianInterval> interval = rowsPerSecondInterval();
      return interval.isPresent() ? OptionalDouble.of(interval.get().median()) : OptionalDouble.empty();
    }
    if (BenchmarkNames.mayRunOnSubset(shortName()) || datasetRows().isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(opsPerSecond().perSecond() * datasetRows().getAsLong());
  }

  /** Arrow bytes per second: median bytes per operation over the median operation time, or an older run's rate. */
  public OptionalDouble bytesPerSecond() {
    Optional<Metric> bytes = secondary(BYTES_SECONDARY);
    if (bytes.isEmpty()) {
      return OptionalDouble.empty();
    }
    if (!bytes.get().isCount()) {
      return OptionalDouble.of(Rate.of(bytes.get()).perSecond());
    }
    if (!samplesOperations() || bytes.get().samples().length == 0) {
      return OptionalDouble.empty();
    }
    double perOp = new org.openjdk.jmh.util.ListStatistics(bytes.get().samples()).getPercentile(50);
    return OptionalDouble.of(perOp * 1000 / millisPerOp());
  }

  /** Peak Arrow allocation during an op: the largest iteration value, since JMH sums EVENTS counters. */
  public OptionalDouble peakArrowBytes() {
    return secondary(PEAK_ARROW_SECONDARY).map(m -> OptionalDouble.of(m.maxIterationValue())).orElse(OptionalDouble.empty());
  }

  /** Java heap in use after an op, the largest iteration value (an upper bound: it includes garbage). */
  public OptionalDouble peakHeapBytes() {
    return secondary(PEAK_HEAP_SECONDARY).map(m -> OptionalDouble.of(m.maxIterationValue())).orElse(OptionalDouble.empty());
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
