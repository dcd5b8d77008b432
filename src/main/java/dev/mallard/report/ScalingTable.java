package dev.mallard.report;

import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Partitions against rows/s: GET and direct TRANSFER beside their partitioned in-process ceilings
 * (the same number of partitions read or copied without a network), and GET against the bound one
 * shared machine sets, 1 / (1/E + 1/T), with E the best in-process export of the run (any partitions)
 * and T the Flight transport alone ({@code flightTransport}: batches held in memory, no DuckDB).
 * Each cell is the best result at that partition count over the run's other parameters.
 */
public final class ScalingTable {
  static final String PARTITIONS = "partitions";
  static final String GET = "GetBenchmark.get";
  static final String TRANSFER = "TransferBenchmark.transfer";
  static final String EXPORT = "BaselineBenchmark.inProcessExport";
  static final String EXPORT_PARTITIONED = "BaselineBenchmark.inProcessExportPartitioned";
  static final String COPY_PARTITIONED = "BaselineBenchmark.inProcessCopyPartitioned";
  static final String TRANSPORT = "BaselineBenchmark.flightTransport";

  private final BenchmarkRun run;

  public ScalingTable(BenchmarkRun run) {
    this.run = run;
  }

  /** The section, or an empty string when the run measured no partitions. */
  public String toMarkdown() {
    TreeSet<String> counts = new TreeSet<>(ScalingTable::partitionOrder);
    run.results().stream().map(r -> r.params().get(PARTITIONS)).filter(p -> p != null).forEach(counts::add);
    if (counts.isEmpty()) {
      return "";
    }
    MarkdownTable table = new MarkdownTable(
        List.of("partitions", "GET rows/s", "vs export, same partitions", "TRANSFER direct rows/s",
            "vs copy, same partitions", "in-process export rows/s", "in-process copy rows/s"),
        List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
            MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
            MarkdownTable.Align.RIGHT));
    for (String count : counts) {
      Predicate<JmhResult> here = r -> count.equals(r.params().get(PARTITIONS));
      OptionalDouble get = best(GET, here);
      OptionalDouble transfer = best(TRANSFER, here.and(r -> "direct".equals(r.params().get("mode"))));
      OptionalDouble export = best(EXPORT_PARTITIONED, here);
      OptionalDouble copy = best(COPY_PARTITIONED, here);
      table.row(List.of("0".equals(count) ? "0 (server default)" : count, rate(get), ratio(get, export),
          rate(transfer), ratio(transfer, copy), rate(export), rate(copy)));
    }
    StringBuilder out = new StringBuilder("## Scaling with partitions\n\n");
    out.append("Each cell is the best result at that partition count over the run's other parameters. ")
        .append("The in-process columns read (or copy) the same partitions on as many DuckDB connections, ")
        .append("no network: the ceiling for that many streams.\n\n");
    out.append(table.render()).append('\n');
    OptionalDouble e = max(best(EXPORT, r -> true), best(EXPORT_PARTITIONED, r -> true));
    OptionalDouble t = best(TRANSPORT, r -> true);
    OptionalDouble bestGet = best(GET, r -> true);
    if (e.isPresent() && t.isPresent()) {
      double bound = 1 / (1 / e.getAsDouble() + 1 / t.getAsDouble());
      out.append("Best in-process export E = ").append(Formats.grouped(e.getAsDouble())).append(" rows/s; ")
          .append("Flight transport alone T = ").append(Formats.grouped(t.getAsDouble())).append(" rows/s; ")
          .append("on one machine that does both, a GET cannot pass 1 / (1/E + 1/T) = ")
          .append(Formats.grouped(bound)).append(" rows/s");
      if (bestGet.isPresent()) {
        out.append("; the best GET is ").append(Formats.grouped(bestGet.getAsDouble())).append(" rows/s, ")
            .append(Formats.ratio(bestGet.getAsDouble() / bound)).append(" of that bound");
      }
      out.append(".\n\n");
    }
    return out.toString();
  }

  private OptionalDouble best(String benchmark, Predicate<JmhResult> which) {
    return run.results().stream()
        .filter(r -> benchmark.equals(r.shortName()) && which.test(r))
        .map(JmhResult::rowsPerSecond)
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .max();
  }

  private static OptionalDouble max(OptionalDouble a, OptionalDouble b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : OptionalDouble.of(Math.max(a.getAsDouble(), b.getAsDouble()));
  }

  private static String rate(OptionalDouble value) {
    return value.isPresent() ? Formats.grouped(value.getAsDouble()) : DetailTables.NOT_APPLICABLE;
  }

  private static String ratio(OptionalDouble mine, OptionalDouble ceiling) {
    return mine.isPresent() && ceiling.isPresent()
        ? Formats.ratio(mine.getAsDouble() / ceiling.getAsDouble())
        : DetailTables.NOT_APPLICABLE;
  }

  /** 1, 2, 4, ... numerically; 0 (the server's default) last. */
  private static int partitionOrder(String a, String b) {
    return Long.compare(key(a), key(b));
  }

  private static long key(String partitions) {
    try {
      long n = Long.parseLong(partitions);
      return n == 0 ? Long.MAX_VALUE : n;
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE - 1;
    }
  }
}
