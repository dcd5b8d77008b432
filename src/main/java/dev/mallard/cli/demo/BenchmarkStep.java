package dev.mallard.cli.demo;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.TableChecksum;
import dev.mallard.report.TimedHeadlineTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Step 5: GET, TRANSFER (direct) and EXCHANGE (my_streaming_exchanger) of the whole flights
 * table, each once to warm up and then a few times, reporting the median in the README's table.
 * Wall-clock timings of single runs: indicative, not the JMH harness's statistics.
 */
public final class BenchmarkStep implements DemoStep {
  /** One whole-table operation; returns the rows it moved. */
  @FunctionalInterface
  interface Operation {
    long run() throws Exception;
  }

  @Override
  public void run(DemoSession session) throws Exception {
    DemoConsole console = session.console();
    DemoSettings settings = session.settings();
    long rows = session.dataset().rows();
    int batchSize = settings.batchSize();
    console.line(String.format(Locale.ROOT, "Each operation moves all %,d rows: one warm-up, then %d timed run(s); "
        + "the table shows the median.", rows, settings.repetitions()));

    TimedHeadlineTable table = new TimedHeadlineTable(rows);
    table.add("GET", median(console, "GET", rows, settings.repetitions(),
        () -> session.server1().get(DemoSession.FLIGHTS_QUERY, batchSize, batch -> {}).rows()), rows);
    table.add("TRANSFER", median(console, "TRANSFER", rows, settings.repetitions(),
        () -> session.server1().transferDirect(session.server2(), DemoSession.FLIGHTS_QUERY, DemoSession.FLIGHTS_TABLE,
            PutMode.REPLACE, batchSize).rows()), rows);
    String scan = "SELECT * FROM " + LocalDuckDb.parquetScan(session.dataset().file());
    table.add("EXCHANGE", median(console, "EXCHANGE", rows, settings.repetitions(), () -> {
      try (QueryExport source = session.local().export(scan, session.allocator(), batchSize)) {
        return session.server1().exchange(CustomExchangeStep.STREAMING, source.reader(), true, batch -> {}).rows();
      }
    }), rows);

    // the timed transfers replaced server 2's table each time: it must still be server 1's
    TableChecksum first = session.server1().checksumTable(DemoSession.FLIGHTS_TABLE);
    TableChecksum second = session.server2().checksumTable(DemoSession.FLIGHTS_TABLE);
    if (!first.equals(second)) {
      throw new StepFailed("after the timed transfers server 2 has " + second + ", server 1 " + first);
    }
    console.verified("every timed run moved all " + String.format(Locale.ROOT, "%,d", rows)
        + " rows; server 2's copy still matches server 1 (checksum " + second.checksum() + ")");

    String markdown = table.toMarkdown();
    console.line("");
    console.line(markdown.stripTrailing());
    console.line("");
    Path out = settings.reportFile();
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(out, report(session, markdown));
    console.line("Report written to " + out);
    console.line("These are a few wall-clock runs. For rigorous numbers (forks, warm-up, error bars) run the JMH "
        + "harness: ./run-bench.sh");
  }

  private static double median(DemoConsole console, String name, long expectedRows, int repetitions, Operation op)
      throws Exception {
    double warmUp = timed(name + " (warm-up)", expectedRows, op);
    double[] runs = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      runs[i] = timed(name, expectedRows, op);
    }
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    console.detail(String.format(Locale.ROOT, "%-8s warm-up %.2f ms; runs %s ms; median %.2f ms", name, warmUp,
        Arrays.stream(runs).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", ")),
        median));
    return median;
  }

  private static double timed(String name, long expectedRows, Operation op) throws Exception {
    long start = System.nanoTime();
    long moved = op.run();
    double millis = (System.nanoTime() - start) / 1e6;
    LargeDatasetStep.expectRows(expectedRows, moved, name);
    return millis;
  }

  private static String report(DemoSession session, String markdown) {
    DemoSettings settings = session.settings();
    List<String> lines = new ArrayList<>();
    lines.add("# Mallard demo report");
    lines.add("");
    lines.add(markdown.stripTrailing());
    lines.add("");
    lines.add(String.format(Locale.ROOT, "Measured by `mallard demo` on %s: the median of %d timed run(s) after one "
            + "warm-up, batch size %,d, dataset `%s` (%,d rows, fingerprint %s), server 1 at %s and server 2 at %s.",
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), settings.repetitions(),
        settings.batchSize(), session.dataset().file(), session.dataset().rows(), session.dataset().shortFingerprint(),
        session.location1().getUri(), session.location2().getUri()));
    lines.add("GET reads the whole table from server 1; TRANSFER copies it from server 1 to server 2 directly "
        + "(server to server); EXCHANGE streams the Parquet file from the client's DuckDB through "
        + "`my_streaming_exchanger` on server 1 and back, so it includes reading the file.");
    lines.add("");
    lines.add("These are single wall-clock timings. The JMH harness (`./run-bench.sh`) is the rigorous measurement.");
    return String.join("\n", lines) + "\n";
  }
}
