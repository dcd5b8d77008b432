package dev.mallard.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of throughput (rows/s) against batch size, one per operation, one line per allocator
 * (and mode or exchanger), with the in-process ceiling drawn dashed for scale. Batch sizes go on a
 * categorical axis: they are powers of two or close to it, so equal spacing reads like a log-2 axis.
 */
public final class ThroughputCharts {
  /** A written chart: the benchmark it plots and its file. */
  public record Chart(String benchmark, Path file) {}

  private final BenchmarkRun run;

  public ThroughputCharts(BenchmarkRun run) {
    this.run = run;
  }

  /** Writes one PNG per operation that ran at more than zero batch sizes; returns them in report order. */
  public List<Chart> writeTo(Path directory) {
    // Charts are drawn off-screen; without this a JVM on a server without a display fails in AWT.
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create chart directory " + directory, e);
    }
    List<Chart> charts = new ArrayList<>();
    for (String name : new DetailTables(run).orderedNames()) {
      if (BenchmarkNames.isBaseline(name)) {
        continue;
      }
      Optional<CategoryChart> chart = chart(name);
      if (chart.isEmpty()) {
        continue;
      }
      Path file = directory.resolve(BenchmarkNames.slug(name) + ".png");
      try {
        BitmapEncoder.saveBitmap(chart.get(), file.toString(), BitmapFormat.PNG);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write chart " + file, e);
      }
      charts.add(new Chart(name, file));
    }
    return charts;
  }

  Optional<CategoryChart> chart(String name) {
    List<JmhResult> results = run.byName(name).stream()
        .filter(r -> r.param(BenchmarkNames.BATCH_SIZE).isPresent() && r.rowsPerSecond().isPresent()).toList();
    if (results.isEmpty()) {
      return Optional.empty();
    }
    List<String> batchSizes = new ArrayList<>(results.stream().map(r -> r.params().get(BenchmarkNames.BATCH_SIZE))
        .collect(Collectors.toCollection(() -> new TreeSet<>(Formats.NUMERIC_FIRST))));
    List<String> categories = batchSizes.stream().map(ThroughputCharts::label).toList();

    CategoryChart chart = new CategoryChartBuilder().width(900).height(560)
        .title(BenchmarkNames.label(name) + ": throughput by batch size")
        .xAxisTitle("Batch size (rows)").yAxisTitle("Million rows per second").build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    // Without overlap XChart shifts each series sideways as if drawing grouped bars.
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#,##0");

    Map<String, List<JmhResult>> series = results.stream().collect(Collectors.groupingBy(
        ThroughputCharts::seriesName, LinkedHashMap::new, Collectors.toList()));
    series.keySet().stream().sorted().forEach(seriesName -> chart.addSeries(seriesName, categories,
        values(batchSizes, series.get(seriesName), r -> r.rowsPerSecond())));

    BenchmarkNames.ceilingFor(name).filter(c -> !run.byName(c).isEmpty()).ifPresent(ceiling -> {
      List<Number> best = new ArrayList<>();
      for (String bs : batchSizes) {
        best.add(run.byName(ceiling).stream()
            .filter(c -> c.param(BenchmarkNames.BATCH_SIZE).map(bs::equals).orElse(true))
            .map(JmhResult::rowsPerSecond).filter(OptionalDouble::isPresent)
            .mapToDouble(OptionalDouble::getAsDouble).max().stream().boxed().map(v -> (Number) (v / 1e6))
            .findFirst().orElse(null));
      }
      if (best.stream().anyMatch(Objects::nonNull)) {
        CategorySeries s = chart.addSeries("in-process ceiling (" + ceiling.substring(ceiling.indexOf('.') + 1) + ")", categories, best);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        s.setLineColor(Color.GRAY);
        s.setMarker(SeriesMarkers.NONE);
      }
    });
    return Optional.of(chart);
  }

  private static String seriesName(JmhResult r) {
    List<String> parts = new ArrayList<>();
    parts.add(r.param(BenchmarkNames.ALLOCATOR).orElse("default allocator"));
    parts.addAll(r.variantParams().values());
    return String.join(", ", parts);
  }

  private static List<Number> values(List<String> batchSizes, List<JmhResult> results,
      java.util.function.Function<JmhResult, OptionalDouble> measure) {
    List<Number> values = new ArrayList<>();
    for (String bs : batchSizes) {
      values.add(results.stream().filter(r -> bs.equals(r.params().get(BenchmarkNames.BATCH_SIZE)))
          .map(measure).filter(OptionalDouble::isPresent).map(v -> (Number) (v.getAsDouble() / 1e6))
          .findFirst().orElse(null));
    }
    return values;
  }

  private static String label(String batchSize) {
    try {
      return Formats.grouped(Long.parseLong(batchSize));
    } catch (NumberFormatException e) {
      return batchSize;
    }
  }
}
