package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  private BenchmarkRun run(ArrayNode tree) {
    return JmhJsonReader.read(Fixtures.write(tree, dir.resolve("run-" + System.nanoTime() + ".json")));
  }

  /** Column name to cell of the detail-table row under {@code section} whose first cells are {@code prefix}. */
  private static Map<String, String> detailRow(String markdown, String section, String... prefix) {
    List<String> lines = markdown.lines().toList();
    int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("### " + section)).findFirst().orElseThrow());
    List<String> header = cells(lines.get(start + 2));
    for (int i = start + 4; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      List<String> cells = cells(lines.get(i));
      if (cells.subList(0, prefix.length).equals(Arrays.asList(prefix))) {
        Map<String, String> row = new java.util.HashMap<>();
        for (int c = 0; c < header.size(); c++) {
          row.put(header.get(c), cells.get(c));
        }
        return row;
      }
    }
    throw new AssertionError("no row " + Arrays.toString(prefix) + " under " + section);
  }

  private static List<String> cells(String line) {
    return Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toList();
  }

  private static String cell(Map<String, String> row, String column) {
    return java.util.Objects.requireNonNull(row.get(column), column);
  }

  private static double ratio(String cell) {
    return Double.parseDouble(cell.replace("×", "").replace("*", ""));
  }

  @Test
  void detailRatiosDivideRowsPerSecondByTheMatchingCeilingAndBaselines() {
    ArrayNode tree = Fixtures.sample();
    String markdown = new DetailTables(run(tree)).toMarkdown();
    JsonNode jdbc = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.JDBC_COPY, Map.of()));
    JsonNode parquet = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.PARQUET_HANDOFF, Map.of()));

    // GET against the export ceiling, which has no allocator param: matched on batch size alone.
    JsonNode get = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.GET, Map.of("batchSize", "65536", "allocator", "unsafe")));
    JsonNode export = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.IN_PROCESS_EXPORT, Map.of("batchSize", "65536")));
    Map<String, String> getRow = detailRow(markdown, "GET", "65,536", "unsafe");
    assertEquals(Fixtures.rowsScore(get) / Fixtures.rowsScore(export), ratio(cell(getRow, "vs ceiling")), 0.005);
    assertEquals(Fixtures.rowsScore(get) / Fixtures.rowsScore(jdbc), ratio(cell(getRow, "vs JDBC")), 0.005);
    assertEquals(Fixtures.rowsScore(get) / Fixtures.rowsScore(parquet), ratio(cell(getRow, "vs Parquet")), 0.005);
    assertEquals(1000 / Fixtures.primaryScore(get), Double.parseDouble(cell(getRow, "ms/op").split(" ± ")[0]), 0.005);
    assertEquals(Fixtures.rowsScore(get), Double.parseDouble(cell(getRow, "rows/s").replace(",", "")), 0.5);
    double bytes = get.get("secondaryMetrics").get("bytes").get("score").asDouble();
    assertEquals(bytes / 1e6, Double.parseDouble(cell(getRow, "MB/s").replace(",", "")), 0.005);

    // TRANSFER against the copy ceiling at the same batch size and allocator.
    JsonNode transfer = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.TRANSFER,
        Map.of("batchSize", "1048576", "allocator", "netty", "mode", "relay")));
    JsonNode copy = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.IN_PROCESS_COPY,
        Map.of("batchSize", "1048576", "allocator", "netty")));
    Map<String, String> transferRow = detailRow(markdown, "TRANSFER", "1,048,576", "netty", "relay");
    assertEquals(Fixtures.rowsScore(transfer) / Fixtures.rowsScore(copy), ratio(cell(transferRow, "vs ceiling")), 0.005);
    assertFalse(cell(transferRow, "vs ceiling").endsWith("*"));

    // The JDBC baseline moves a subset per op: its ratio uses rows/s, which differs from the ops/s ratio.
    double opsRatio = Fixtures.primaryScore(get) / Fixtures.primaryScore(jdbc);
    assertTrue(Math.abs(opsRatio - ratio(cell(getRow, "vs JDBC"))) > 1, "fixture's JDBC op is a subset of the table");
  }

  @Test
  void peakArrowMemoryIsShownInMebibytesFromTheLargestIteration() {
    BenchmarkRun run = run(Fixtures.sample());
    JmhResult get = run.byName(BenchmarkNames.GET).get(0);
    Map<String, String> row = detailRow(new DetailTables(run).toMarkdown(), "GET",
        String.format(java.util.Locale.US, "%,d", Long.parseLong(get.params().get("batchSize"))), get.params().get("allocator"));
    assertEquals(get.secondary("peakArrowBytes").orElseThrow().maxIterationValue() / (1 << 20),
        Double.parseDouble(cell(row, "Peak Arrow (MiB)").replace(",", "")), 0.05);
  }

  @Test
  void withoutACeilingAtTheSameBatchSizeTheFastestCeilingIsUsedAndMarked() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.remove(tree, Fixtures.benchmark(BenchmarkNames.IN_PROCESS_EXPORT, Map.of("batchSize", "8192")));
    JsonNode bestExport = Fixtures.entries(tree, Fixtures.benchmark(BenchmarkNames.IN_PROCESS_EXPORT, Map.of())).stream()
        .max(Comparator.comparingDouble(Fixtures::primaryScore)).orElseThrow();
    JsonNode get = Fixtures.only(tree, Fixtures.benchmark(BenchmarkNames.GET, Map.of("batchSize", "8192", "allocator", "netty")));
    String markdown = new DetailTables(run(tree)).toMarkdown();
    String cell = cell(detailRow(markdown, "GET", "8,192", "netty"), "vs ceiling");
    assertTrue(cell.endsWith(DetailTables.OTHER_CONFIGURATION), cell);
    assertEquals(Fixtures.rowsScore(get) / Fixtures.rowsScore(bestExport), ratio(cell), 0.005);
    assertTrue(markdown.contains("* no reference result at this batch size and allocator"));
  }

  @Test
  void everyBenchmarkGetsADetailTableIncludingUnknownOnesAndBaselines() {
    ArrayNode tree = Fixtures.sample();
    String markdown = new DetailTables(run(tree)).toMarkdown();
    for (String heading : List.of("### GET", "### PUT", "### TRANSFER", "### EXCHANGE", "### FlightSqlBenchmark.query",
        "### Ceiling: in-process export", "### Ceiling: in-process copy", "### Baseline: JDBC", "### Baseline: Parquet")) {
      assertTrue(markdown.contains(heading), heading);
    }
    long tableRows = markdown.lines().filter(l -> l.startsWith("|") && !l.startsWith("| Batch") && !l.startsWith("| --")
        && !l.matches("\\|[ -:|]+\\|")).count();
    assertEquals(tree.size(), tableRows, "one detail row per result");
    Map<String, String> exchange = detailRow(markdown, "EXCHANGE", "122,880", "netty", "my_streaming_exchanger");
    assertEquals("my_streaming_exchanger", cell(exchange, "exchanger"));
    Map<String, String> jdbc = detailRow(markdown, "Baseline: JDBC", "—", "—");
    assertEquals("—", cell(jdbc, "vs JDBC"));
    assertEquals("n/a", cell(jdbc, "Peak Arrow (MiB)"), "missing secondary metric tolerated");
  }

  @Test
  void reportWritesHeadlineFirstChartsAsPngsAndMachineFromMachineJson() throws Exception {
    Path result = Fixtures.copyResource(Fixtures.SAMPLE, dir.resolve("results/run.json"));
    Fixtures.copyResource(Fixtures.MACHINE, dir.resolve("results/machine.json"));
    Path report = dir.resolve("results/report.md");
    ReportWriter.Written written = ReportWriter.write(result, report, dir.resolve("results/charts"),
        Optional.empty(), Optional.empty());

    String markdown = Files.readString(report);
    List<String> lines = markdown.lines().toList();
    assertEquals("# Mallard benchmark report", lines.get(0));
    assertEquals("| Operation | Time (ms) | Throughput (rows/sec) |", lines.get(2));
    assertTrue(markdown.indexOf("Measured at batch size") < markdown.indexOf("## Details"));

    List<String> slugs = written.charts().stream().map(c -> c.file().getFileName().toString()).toList();
    assertEquals(List.of("get.png", "put.png", "transfer.png", "exchange.png", "flightsqlbenchmark-query.png"), slugs);
    for (ThroughputCharts.Chart chart : written.charts()) {
      byte[] bytes = Files.readAllBytes(chart.file());
      assertTrue(bytes.length > 1000, chart.file() + " is " + bytes.length + " bytes");
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
      BufferedImage image = ImageIO.read(chart.file().toFile());
      assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400);
      String link = "](charts/" + chart.file().getFileName() + ")";
      assertTrue(markdown.contains(link), "report links " + link);
    }

    JsonNode machine = Fixtures.MAPPER.readTree(getClass().getResourceAsStream(Fixtures.MACHINE));
    assertTrue(markdown.contains("- **CPU**: " + machine.get("cpu").asText()));
    assertTrue(markdown.contains("- **Cores**: " + machine.get("cores").asInt()));
    assertTrue(markdown.contains("- **DuckDB**: " + machine.get("duckdb").asText()));
    assertTrue(markdown.contains("- **Arrow**: " + machine.get("arrow").asText()));
    assertTrue(markdown.contains("- **Machine details from**: machine.json"));
    assertTrue(markdown.contains("fingerprint `5e1f0c9a2b7d4e31`, 2,400,000 rows"));
    assertTrue(markdown.contains("forks 2; threads 1; warmup 2 × 2 s; measurement 3 × 5 s"));
  }

  @Test
  void chartsSurviveSeriesWithMissingBatchSizes() throws Exception {
    ArrayNode tree = Fixtures.sample();
    Fixtures.remove(tree, Fixtures.benchmark(BenchmarkNames.GET, Map.of("batchSize", "65536", "allocator", "unsafe")));
    List<ThroughputCharts.Chart> charts = new ThroughputCharts(run(tree)).writeTo(dir.resolve("charts"));
    Path get = charts.get(0).file();
    assertEquals("get.png", get.getFileName().toString());
    assertTrue(ImageIO.read(get.toFile()).getWidth() > 0);
  }

  @Test
  void withoutMachineJsonTheReportingMachineIsDetectedAndSaidToBe() {
    MachineInfo detected = MachineInfo.forResult(dir.resolve("nowhere/run.json"));
    assertEquals("detected at report time", detected.source());
    assertEquals(Runtime.getRuntime().availableProcessors(), detected.cores());
    assertTrue(detected.memoryBytes() != null && detected.memoryBytes() > 0);
    assertTrue(detected.jdk().contains(String.valueOf(Runtime.version().feature())), detected.jdk());
    assertTrue(detected.arrow().startsWith("18."), detected.arrow());
    assertTrue(detected.duckdb() != null && detected.duckdb().contains("duckdb_jdbc"), detected.duckdb());
  }

  @Test
  void machineJsonRoundTrips() throws Exception {
    MachineInfo detected = MachineInfo.detect();
    Path file = Files.writeString(dir.resolve("machine.json"), detected.toJson());
    MachineInfo read = MachineInfo.read(file);
    assertEquals(detected.cpu(), read.cpu());
    assertEquals(detected.memoryBytes(), read.memoryBytes());
    assertEquals(detected.duckdb(), read.duckdb());
    assertEquals(List.of("arrow", "cores", "cpu", "duckdb", "jdk", "memoryBytes", "os"),
        iterate(Fixtures.MAPPER.readTree(file.toFile()).fieldNames()).stream().sorted().toList());
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
