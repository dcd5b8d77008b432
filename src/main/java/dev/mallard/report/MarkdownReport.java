package dev.mallard.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The benchmark report: headline table, charts, detail tables, then machine and settings. */
public final class MarkdownReport {
  private final BenchmarkRun run;
  private final HeadlineTable headline;
  private final MachineInfo machine;
  private final List<ThroughputCharts.Chart> charts;
  private final Path reportDirectory;

  /** @param reportDirectory where the markdown file goes: chart links are relative to it */
  public MarkdownReport(BenchmarkRun run, HeadlineTable headline, MachineInfo machine,
      List<ThroughputCharts.Chart> charts, Path reportDirectory) {
    this.run = run;
    this.headline = headline;
    this.machine = machine;
    this.charts = List.copyOf(charts);
    this.reportDirectory = reportDirectory.toAbsolutePath();
  }

  public String render() {
    StringBuilder out = new StringBuilder("# Mallard benchmark report\n\n");
    out.append(headline.toMarkdown()).append('\n').append(headline.configurationLine()).append("\n\n");
    out.append("Each headline time is the median operation; its distribution-free 95% interval:\n\n")
        .append(headline.intervalsMarkdown()).append('\n');

    if (!charts.isEmpty()) {
      out.append("## Throughput by batch size\n\n");
      for (ThroughputCharts.Chart chart : charts) {
        String link = reportDirectory.relativize(chart.file().toAbsolutePath()).toString().replace('\\', '/');
        out.append("![").append(BenchmarkNames.label(chart.benchmark())).append(" throughput by batch size](")
            .append(link).append(")\n\n");
      }
    }

    out.append("## Details\n\n")
        .append("One operation moves the whole table, so ms/op is the time to move it: the median operation, with the ")
        .append("distribution-free 95% interval of the median in brackets (none for fewer than 6 operations or for ")
        .append("throughput-mode runs). rows/s and MB/s are per-operation rows and Arrow bytes over the median time. ")
        .append("Ratios are of medians; brackets hold the ratio of the two intervals' far ends. MB/s counts Arrow bytes on the wire. Peak Arrow is the largest Arrow ")
        .append("allocation one server call (or in-process baseline) held during an operation; peak heap is the Java ")
        .append("heap in use after an operation, garbage included. \"vs ceiling\" is rows/s relative to the in-process DuckDB ")
        .append("Arrow path without a network (export for GET and EXCHANGE, copy for TRANSFER and PUT); \"vs JDBC\" ")
        .append("and \"vs Parquet\" are rows/s relative to those baselines.\n\n");
    out.append(new DetailTables(run).toMarkdown());
    out.append(new ScalingTable(run).toMarkdown());

    out.append("## Machine and settings\n\n");
    for (String[] item : machine.describe()) {
      out.append("- **").append(item[0]).append("**: ").append(item[1]).append('\n');
    }
    out.append("- **Machine details from**: ").append(machine.source()).append('\n');
    out.append("- **Benchmark JVM**: ").append(distinct(r -> r.jdkVersion() == null ? null
        : r.jdkVersion() + (r.vmName() == null ? "" : " (" + r.vmName() + " " + Objects.toString(r.vmVersion(), "") + ")"))).append('\n');
    out.append("- **Dataset**: fingerprint ").append(fingerprints()).append(", ")
        .append(distinct(r -> r.datasetRows().isPresent() ? Formats.grouped(r.datasetRows().getAsLong()) + " rows" : null))
        .append('\n');
    out.append("- **JMH**: ").append(distinct(JmhResult::jmhVersion))
        .append("; forks ").append(distinct(r -> str(r.forks())))
        .append("; threads ").append(distinct(r -> str(r.threads())))
        .append("; warmup ").append(distinct(r -> iterations(r.warmupIterations(), r.warmupTime())))
        .append("; measurement ").append(distinct(r -> iterations(r.measurementIterations(), r.measurementTime())))
        .append('\n');
    out.append(run.sources().size() == 1 ? "- **Results file**: " : "- **Results files**: ")
        .append(run.sources().stream().map(f -> "`" + f.getFileName() + "`").collect(Collectors.joining(" + ")))
        .append(" (").append(run.results().size()).append(" results)\n");
    return out.toString();
  }

  private String fingerprints() {
    return run.fingerprints().isEmpty() ? "not recorded"
        : run.fingerprints().stream().map(f -> "`" + f + "`").collect(Collectors.joining(", "));
  }

  /** The distinct values over all results, so a run mixing settings shows all of them. */
  private String distinct(Function<JmhResult, String> value) {
    String joined = run.results().stream().map(value).filter(Objects::nonNull).distinct()
        .collect(Collectors.joining(", "));
    return joined.isEmpty() ? "unknown" : joined;
  }

  private static String iterations(Integer count, String time) {
    return count == null ? null : count + " × " + Optional.ofNullable(time).orElse("?");
  }

  private static String str(Integer value) {
    return value == null ? null : value.toString();
  }
}
