package dev.mallard.report;

import dev.mallard.report.BenchmarkRun.Reference;
import dev.mallard.report.MarkdownTable.Align;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * One table per benchmark with every configuration it ran at, and how each compares with the
 * in-process ceiling and the JDBC and Parquet baselines. Ratios are by rows/s, the one measure the
 * JDBC baseline (which may copy a subset of the rows) shares with everything else.
 */
public final class DetailTables {
  static final String NOT_APPLICABLE = "—";
  static final String OTHER_CONFIGURATION = "*";

  private final BenchmarkRun run;

  public DetailTables(BenchmarkRun run) {
    this.run = run;
  }

  /** Benchmark short names in report order: operations, unknown benchmarks, baselines. */
  public List<String> orderedNames() {
    List<String> names = run.names();
    List<String> ordered = new ArrayList<>(BenchmarkNames.OPERATIONS.stream().filter(names::contains).toList());
    names.stream().filter(n -> !BenchmarkNames.OPERATIONS.contains(n) && !BenchmarkNames.isBaseline(n)).forEach(ordered::add);
    BenchmarkNames.BASELINES.stream().filter(names::contains).forEach(ordered::add);
    return ordered;
  }

  /** Results of one benchmark ordered by variant, then batch size, then allocator. */
  public List<JmhResult> ordered(String shortName) {
    Comparator<JmhResult> order = Comparator.comparing((JmhResult r) -> r.variantParams().toString())
        .thenComparing(r -> r.params().get(BenchmarkNames.BATCH_SIZE), Comparator.nullsFirst(Formats.NUMERIC_FIRST))
        .thenComparing(r -> r.params().get(BenchmarkNames.ALLOCATOR), Comparator.nullsFirst(Comparator.naturalOrder()));
    return run.byName(shortName).stream().sorted(order).toList();
  }

  /** rows/s of {@code target} over rows/s of its in-process ceiling, with the ceiling used. */
  public Optional<Ratio> ceilingRatio(JmhResult target) {
    return BenchmarkNames.ceilingFor(target.shortName()).flatMap(c -> run.referenceFor(target, c)).map(ref -> ratio(target, ref));
  }

  public Optional<Ratio> baselineRatio(JmhResult target, String baseline) {
    if (target.shortName().equals(baseline)) {
      return Optional.empty();
    }
    return run.referenceFor(target, baseline).map(ref -> ratio(target, ref));
  }

  static Ratio ratio(JmhResult target, Reference ref) {
    OptionalDouble mine = target.rowsPerSecond();
    OptionalDouble theirs = ref.result().rowsPerSecond();
    double value = mine.isPresent() && theirs.isPresent() ? mine.getAsDouble() / theirs.getAsDouble() : Double.NaN;
    Optional<MedianInterval> a = target.rowsPerSecondInterval().filter(MedianInterval::hasInterval);
    Optional<MedianInterval> b = ref.result().rowsPerSecondInterval().filter(MedianInterval::hasInterval);
    // Both 95% intervals hold their medians together at least 90% of the time, and then the ratio
    // of medians lies between these ends: a conservative interval for two independent runs.
    double low = a.isPresent() && b.isPresent() ? a.get().low() / b.get().high() : Double.NaN;
    double high = a.isPresent() && b.isPresent() ? a.get().high() / b.get().low() : Double.NaN;
    return new Ratio(value, low, high, ref);
  }

  /**
   * A throughput ratio of medians and what it was taken against, with the ratio of the two
   * intervals' far ends (NaN when either has no interval).
   */
  public record Ratio(double value, double low, double high, Reference reference) {
    String render() {
      String interval = Double.isFinite(low) && Double.isFinite(high) && Double.isFinite(value)
          ? " [" + Formats.plainRatio(low) + ", " + Formats.plainRatio(high) + "]" : "";
      return Formats.ratio(value) + interval
          + (reference.sameConfiguration() || Double.isNaN(value) ? "" : OTHER_CONFIGURATION);
    }
  }

  public String toMarkdown() {
    StringBuilder out = new StringBuilder();
    for (String name : orderedNames()) {
      List<JmhResult> results = ordered(name);
      List<String> variantKeys = results.stream().flatMap(r -> r.variantParams().keySet().stream()).distinct().sorted().toList();
      List<String> headers = new ArrayList<>(List.of("Batch size", "Allocator"));
      headers.addAll(variantKeys);
      headers.addAll(List.of("ms/op", "rows/s", "MB/s", "Peak Arrow (MiB)", "Peak heap (MiB)", "vs ceiling", "vs JDBC", "vs Parquet"));
      List<Align> aligns = new ArrayList<>(List.of(Align.RIGHT, Align.LEFT));
      variantKeys.forEach(k -> aligns.add(Align.LEFT));
      Stream.generate(() -> Align.RIGHT).limit(8).forEach(aligns::add);
      MarkdownTable table = new MarkdownTable(headers, aligns);
      boolean otherConfiguration = false;
      for (JmhResult r : results) {
        List<String> cells = new ArrayList<>();
        cells.add(r.param(BenchmarkNames.BATCH_SIZE).map(DetailTables::groupedIfNumber).orElse(NOT_APPLICABLE));
        cells.add(r.param(BenchmarkNames.ALLOCATOR).orElse(NOT_APPLICABLE));
        Map<String, String> variant = r.variantParams();
        variantKeys.forEach(k -> cells.add(variant.getOrDefault(k, NOT_APPLICABLE)));
        cells.add(Formats.medianWithInterval(r.millisPerOpInterval()));
        cells.add(format(r.rowsPerSecond(), Formats::grouped));
        cells.add(format(r.bytesPerSecond(), b -> Formats.groupedTwoDecimals(b / 1e6)));
        cells.add(format(r.peakArrowBytes(), Formats::mebibytes));
        cells.add(format(r.peakHeapBytes(), Formats::mebibytes));
        List<Optional<Ratio>> ratios = List.of(ceilingRatio(r), baselineRatio(r, BenchmarkNames.JDBC_COPY),
            baselineRatio(r, BenchmarkNames.PARQUET_HANDOFF));
        for (Optional<Ratio> ratio : ratios) {
          cells.add(ratio.map(Ratio::render).orElse(NOT_APPLICABLE));
          otherConfiguration |= ratio.map(Ratio::render).orElse("").endsWith(OTHER_CONFIGURATION);
        }
        table.row(cells);
      }
      out.append("### ").append(BenchmarkNames.label(name));
      if (!BenchmarkNames.label(name).equals(name)) {
        out.append(" (`").append(name).append("`)");
      }
      out.append("\n\n").append(table.render());
      if (otherConfiguration) {
        out.append("\n").append(OTHER_CONFIGURATION)
            .append(" no reference result at this batch size and allocator: compared with the fastest one.\n");
      }
      if (BenchmarkNames.mayRunOnSubset(name)) {
        out.append("\nThe JDBC baseline may copy a subset of the rows: compare it by rows/s, not ms/op.\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String groupedIfNumber(String value) {
    try {
      return Formats.grouped(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String format(OptionalDouble value, java.util.function.DoubleFunction<String> formatter) {
    return value.isPresent() ? formatter.apply(value.getAsDouble()) : Formats.MISSING;
  }
}
