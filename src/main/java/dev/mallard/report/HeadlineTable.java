package dev.mallard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The three-line summary at the top of the report: GET, TRANSFER and EXCHANGE at one batch size and
 * allocator. TRANSFER prefers direct mode and EXCHANGE the streaming exchanger, the variants Mallard
 * is about; the plain variants stand in when those were not run.
 */
public final class HeadlineTable {

  /** One headline row; {@code result} is empty when the run has no such benchmark at the configuration. */
  public record Row(String operation, Optional<JmhResult> result) {}

  private record Variant(String operation, String benchmark, String param, List<String> preferred) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("GET", BenchmarkNames.GET, null, List.of()),
      new Variant("TRANSFER", BenchmarkNames.TRANSFER, "mode", List.of("direct", "relay")),
      new Variant("EXCHANGE", BenchmarkNames.EXCHANGE, "exchanger", List.of("my_streaming_exchanger", "echo")));

  private final String batchSize;
  private final String allocator;
  private final boolean chosenByUser;
  private final List<Row> rows;

  private HeadlineTable(String batchSize, String allocator, boolean chosenByUser, List<Row> rows) {
    this.batchSize = batchSize;
    this.allocator = allocator;
    this.chosenByUser = chosenByUser;
    this.rows = rows;
  }

  /**
   * Picks the configuration: the given batch size and/or allocator, the rest chosen where GET is
   * fastest (TRANSFER, then EXCHANGE, when the run has no GET).
   */
  public static HeadlineTable of(BenchmarkRun run, Optional<String> batchSize, Optional<String> allocator) {
    List<JmhResult> pool = VARIANTS.stream().map(v -> run.byName(v.benchmark())).filter(l -> !l.isEmpty())
        .findFirst().orElseThrow(() -> new BenchmarkInputException(run.source()
            + " has none of the headline benchmarks (" + BenchmarkNames.GET + ", " + BenchmarkNames.TRANSFER
            + ", " + BenchmarkNames.EXCHANGE + ")"));
    List<JmhResult> matching = pool.stream()
        .filter(r -> batchSize.isEmpty() || batchSize.get().equals(r.params().get(BenchmarkNames.BATCH_SIZE)))
        .filter(r -> allocator.isEmpty() || allocator.get().equalsIgnoreCase(r.params().get(BenchmarkNames.ALLOCATOR)))
        .toList();
    if (matching.isEmpty()) {
      throw new BenchmarkInputException("no " + pool.get(0).shortName() + " result at"
          + batchSize.map(b -> " batch size " + b).orElse("") + allocator.map(a -> " allocator " + a).orElse("")
          + "; the run has " + configurations(pool));
    }
    JmhResult fastest = matching.stream().max(BenchmarkRun.FASTEST).orElseThrow();
    String bs = fastest.params().get(BenchmarkNames.BATCH_SIZE);
    String alloc = fastest.params().get(BenchmarkNames.ALLOCATOR);
    List<Row> rows = new ArrayList<>();
    for (Variant v : VARIANTS) {
      List<JmhResult> atConfig = run.byName(v.benchmark()).stream()
          .filter(r -> Objects.equals(bs, r.params().get(BenchmarkNames.BATCH_SIZE)))
          .filter(r -> Objects.equals(alloc, r.params().get(BenchmarkNames.ALLOCATOR)))
          .toList();
      rows.add(new Row(v.operation(), pick(v, atConfig)));
    }
    return new HeadlineTable(bs, alloc, batchSize.isPresent() || allocator.isPresent(), rows);
  }

  private static Optional<JmhResult> pick(Variant v, List<JmhResult> atConfig) {
    if (v.param() == null) {
      return atConfig.stream().max(BenchmarkRun.FASTEST);
    }
    for (String preferred : v.preferred()) {
      // the fastest of that variant over the run's other parameters (partitions, ...)
      Optional<JmhResult> hit = atConfig.stream().filter(r -> preferred.equals(r.params().get(v.param())))
          .max(BenchmarkRun.FASTEST);
      if (hit.isPresent()) {
        return hit;
      }
    }
    return atConfig.stream().max(BenchmarkRun.FASTEST);
  }

  private static String configurations(List<JmhResult> results) {
    return results.stream().map(r -> "batch size " + r.params().get(BenchmarkNames.BATCH_SIZE) + "/"
        + r.params().get(BenchmarkNames.ALLOCATOR)).distinct().sorted().collect(Collectors.joining(", "));
  }

  public List<Row> rows() {
    return rows;
  }

  public String batchSize() {
    return batchSize;
  }

  public String allocator() {
    return allocator;
  }

  /** The table and the "N million rows processed" line, exactly as the README shows them. */
  public String toMarkdown() {
    MarkdownTable table = MarkdownTable.leftAligned(List.of("Operation", "Time (ms)", "Throughput (rows/sec)"));
    for (Row row : rows) {
      table.row(List.of(row.operation(),
          row.result().map(r -> Formats.twoDecimals(r.millisPerOp())).orElse(Formats.MISSING),
          row.result().map(r -> r.rowsPerSecond()).filter(t -> t.isPresent())
              .map(t -> Formats.grouped(t.getAsDouble())).orElse(Formats.MISSING)));
    }
    StringBuilder out = new StringBuilder(table.render());
    datasetRows().ifPresent(n -> out.append('\n').append('*').append(Formats.millions(n)).append(" million rows processed*\n"));
    return out.toString();
  }

  /**
   * Beside the headline (whose format stays the README's): each operation's median with its 95%
   * interval, in ms and rows/s, and how far the interval reaches from the median.
   */
  public String intervalsMarkdown() {
    MarkdownTable table = new MarkdownTable(
        List.of("Operation", "Median (ms)", "95% interval (ms)", "95% interval (rows/sec)", "Interval vs median", "Operations"),
        List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
            MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT));
    for (Row row : rows) {
      if (row.result().isEmpty()) {
        table.row(List.of(row.operation(), Formats.MISSING, Formats.MISSING, Formats.MISSING, Formats.MISSING, "0"));
        continue;
      }
      JmhResult r = row.result().get();
      MedianInterval ms = r.millisPerOpInterval();
      Optional<MedianInterval> rows = r.rowsPerSecondInterval().filter(MedianInterval::hasInterval);
      table.row(List.of(row.operation(), Formats.twoDecimals(ms.median()),
          ms.hasInterval() ? Formats.twoDecimals(ms.low()) + " – " + Formats.twoDecimals(ms.high()) : "none",
          rows.map(i -> Formats.grouped(i.low()) + " – " + Formats.grouped(i.high())).orElse("none"),
          ms.hasInterval() ? Formats.plusMinusPercent(ms.relativeHalfWidth()) : Formats.MISSING,
          Integer.toString(ms.samples())));
    }
    return table.render();
  }

  private OptionalLong datasetRows() {
    return rows.stream().map(Row::result).flatMap(Optional::stream).map(JmhResult::datasetRows)
        .filter(OptionalLong::isPresent).findFirst().orElse(OptionalLong.empty());
  }

  private static String partitionsOf(JmhResult result) {
    String partitions = result.params().get(ScalingTable.PARTITIONS);
    return partitions == null ? "" : ", " + partitions + " partition(s)";
  }

  /** The sentence under the table saying what was measured. */
  public String configurationLine() {
    StringBuilder line = new StringBuilder("Measured at batch size ")
        .append(batchSize == null ? "(none)" : Formats.grouped(Double.parseDouble(batchSize)))
        .append(" with the ").append(allocator == null ? "default" : allocator).append(" allocator")
        .append(chosenByUser ? " (chosen for this report)" : " (where GET is fastest)");
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < VARIANTS.size(); i++) {
      Variant v = VARIANTS.get(i);
      Optional<JmhResult> result = rows.get(i).result();
      if (v.param() != null && result.isPresent()) {
        String value = result.get().params().get(v.param());
        String fallback = Objects.equals(value, v.preferred().get(0)) ? "" : " (no " + v.preferred().get(0) + " result)";
        variants.add(v.operation() + " with " + v.param() + " " + value + fallback + partitionsOf(result.get()));
      } else if (result.isPresent() && result.get().params().containsKey(ScalingTable.PARTITIONS)) {
        variants.add(v.operation() + " with" + partitionsOf(result.get()).substring(1));
      } else if (result.isEmpty()) {
        variants.add(v.operation() + " not measured at this configuration");
      }
    }
    if (!variants.isEmpty()) {
      line.append("; ").append(String.join(", ", variants));
    }
    return line.append('.').toString();
  }
}
