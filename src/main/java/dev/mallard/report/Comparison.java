package dev.mallard.report;

import dev.mallard.report.MarkdownTable.Align;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * BASELINE against CURRENT, benchmark by benchmark. Refuses (with {@link BenchmarkInputException})
 * pairs of runs that do not measure the same thing: another dataset, or benchmarks missing from CURRENT.
 */
public final class Comparison {
  private static final int LISTED = 10;

  private final BenchmarkRun baseline;
  private final BenchmarkRun current;
  private final double threshold;
  private final List<ComparedBenchmark> compared;
  private final List<JmhResult> onlyInCurrent;

  private Comparison(BenchmarkRun baseline, BenchmarkRun current, double threshold,
      List<ComparedBenchmark> compared, List<JmhResult> onlyInCurrent) {
    this.baseline = baseline;
    this.current = current;
    this.threshold = threshold;
    this.compared = compared;
    this.onlyInCurrent = onlyInCurrent;
  }

  /** @param threshold the slowdown that counts as a regression, as a fraction (0.1 = 10%) */
  public static Comparison of(BenchmarkRun baseline, BenchmarkRun current, double threshold) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be between 0 and 1 (exclusive), got " + threshold);
    }
    requireSameDataset(baseline, current);
    Map<String, JmhResult> base = byKey(baseline);
    Map<String, JmhResult> cur = byKey(current);
    List<String> missing = base.keySet().stream().filter(k -> !cur.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new BenchmarkInputException(missing.size() + " benchmark(s) of BASELINE " + baseline.source()
          + " are missing from CURRENT " + current.source() + ": " + list(missing)
          + ". Run the same benchmarks and parameters as the baseline (a partial run cannot prove there is no regression),"
          + " or record a new baseline.");
    }
    List<ComparedBenchmark> compared = new ArrayList<>();
    for (Map.Entry<String, JmhResult> e : base.entrySet()) {
      JmhResult b = e.getValue();
      JmhResult c = cur.get(e.getKey());
      compared.add(new ComparedBenchmark(b, c, b.opsPerSecond(), c.opsPerSecond(), threshold));
    }
    List<JmhResult> onlyInCurrent = cur.entrySet().stream().filter(e -> !base.containsKey(e.getKey()))
        .map(Map.Entry::getValue).toList();
    return new Comparison(baseline, current, threshold, compared, onlyInCurrent);
  }

  private static void requireSameDataset(BenchmarkRun baseline, BenchmarkRun current) {
    if (!baseline.fingerprints().equals(current.fingerprints())) {
      throw new BenchmarkInputException("BASELINE and CURRENT measured different datasets: dataset fingerprint "
          + describe(baseline.fingerprints()) + " in " + baseline.source() + " but " + describe(current.fingerprints())
          + " in " + current.source() + ". Compare runs on the same generated dataset, or record a new baseline.");
    }
    if (!baseline.datasetRows().equals(current.datasetRows())) {
      throw new BenchmarkInputException("BASELINE and CURRENT measured different dataset sizes: rows "
          + describe(baseline.datasetRows()) + " in " + baseline.source() + " but " + describe(current.datasetRows())
          + " in " + current.source() + ". Run with the same --rows as the baseline, or record a new baseline.");
    }
  }

  private static String describe(Set<?> values) {
    return values.isEmpty() ? "(not recorded)" : values.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  private static Map<String, JmhResult> byKey(BenchmarkRun run) {
    Map<String, JmhResult> byKey = new LinkedHashMap<>();
    for (JmhResult r : run.results()) {
      if (byKey.put(r.key(), r) != null) {
        throw new BenchmarkInputException(run.source() + " has two results for " + r.key()
            + ": is it several result files concatenated? Compare one JMH run at a time.");
      }
    }
    return byKey;
  }

  private static String list(List<String> items) {
    String shown = items.stream().limit(LISTED).collect(Collectors.joining("; "));
    return items.size() > LISTED ? shown + "; and " + (items.size() - LISTED) + " more" : shown;
  }

  public List<ComparedBenchmark> compared() {
    return compared;
  }

  public List<JmhResult> onlyInCurrent() {
    return onlyInCurrent;
  }

  public List<ComparedBenchmark> regressions() {
    return compared.stream().filter(c -> c.verdict() == Verdict.REGRESSION).toList();
  }

  public int exitCode() {
    return regressions().isEmpty() ? RegressionCheck.NO_REGRESSION : RegressionCheck.REGRESSION;
  }

  /** A summary for a CI job page: verdict first, then the regressions, then every benchmark. */
  public String toMarkdown() {
    List<ComparedBenchmark> regressions = regressions();
    StringBuilder out = new StringBuilder("## Benchmark comparison: ")
        .append(regressions.isEmpty() ? "no regression ✅" : regressions.size() + " regression(s) ❌").append("\n\n");
    out.append("- **Baseline**: `").append(baseline.source()).append("`\n");
    out.append("- **Current**: `").append(current.source()).append("`\n");
    out.append("- **Scores**: throughput as measured, operations per second: both runs must come from the same machine;"
        + " for a pull request use the interleaved gate (`./run-bench.sh --ci --base REF`)\n");
    out.append("- **Regression**: slower by more than ").append(Formats.significant(threshold * 100, 3))
        .append("% and outside both runs' confidence intervals\n");
    out.append("- **Dataset**: fingerprint ").append(describe(baseline.fingerprints())).append(", rows ")
        .append(baseline.datasetRows().stream().map(Formats::grouped).collect(Collectors.joining(", "))).append("\n\n");

    Function<ComparedBenchmark, List<String>> cells = c -> List.of(c.baselineResult().shortName(),
        parameters(c.baselineResult()), interval(c.baseline()), interval(c.current()), Formats.percent(c.change()),
        c.outsideErrors() ? "yes" : "no", verdict(c));
    List<String> headers = List.of("Benchmark", "Parameters", "Baseline", "Current", "Change", "Outside errors", "Verdict");
    List<Align> aligns = List.of(Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.LEFT, Align.LEFT);
    if (!regressions.isEmpty()) {
      MarkdownTable table = new MarkdownTable(headers, aligns);
      regressions.forEach(c -> table.row(cells.apply(c)));
      out.append("### Regressions\n\n").append(table.render()).append('\n');
    }
    MarkdownTable all = new MarkdownTable(headers, aligns);
    compared.forEach(c -> all.row(cells.apply(c)));
    out.append("### All benchmarks\n\n").append(all.render());
    if (!onlyInCurrent.isEmpty()) {
      out.append("\nOnly in CURRENT, not compared: ")
          .append(onlyInCurrent.stream().map(r -> "`" + r.key() + "`").collect(Collectors.joining(", "))).append('\n');
    }
    return out.toString();
  }

  private static String parameters(JmhResult r) {
    return r.params().entrySet().stream().filter(e -> !e.getKey().equals(BenchmarkNames.ROWS))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private String interval(Rate rate) {
    String unit = " ops/s";
    String score = Formats.significant(rate.perSecond(), 4);
    if (!rate.hasInterval()) {
      return score + unit;
    }
    // The error gets the score's decimals so the two columns of digits read together.
    int decimals = Math.max(0, new java.math.BigDecimal(score).scale());
    return score + " ± " + String.format(java.util.Locale.US, "%." + decimals + "f", rate.halfWidth()) + unit;
  }

  private static String verdict(ComparedBenchmark c) {
    return switch (c.verdict()) {
      case REGRESSION -> "**regression**";
      case SLOWER -> "slower";
      case SAME -> "same";
      case FASTER -> "faster";
    };
  }
}
