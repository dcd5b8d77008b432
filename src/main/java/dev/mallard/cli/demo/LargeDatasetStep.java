package dev.mallard.cli.demo;

import dev.mallard.arrow.FlightStreamReader;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.TableChecksum;
import dev.mallard.dataset.ConsoleProgress;
import dev.mallard.dataset.FlightsDataset;
import dev.mallard.dataset.GenerationProgress;
import dev.mallard.dataset.ParquetFileCheck;
import dev.mallard.dataset.ParquetFileReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.flight.FlightStream;

/**
 * Step 3: the flights file (generated if missing) streamed from the client's DuckDB into server
 * 1, then copied batch by batch through this client into server 2, with progress bars; the two
 * tables' counts and checksums must match each other and the file.
 */
public final class LargeDatasetStep implements DemoStep {
  private static final String TABLE = DemoSession.FLIGHTS_TABLE;

  @Override
  public void run(DemoSession session) throws Exception {
    DemoConsole console = session.console();
    ParquetFileReport file = prepare(session);
    session.dataset(file);
    long rows = file.rows();
    console.line(String.format(Locale.ROOT, "Dataset %s: %,d rows, %d columns, %.1f MB Parquet (fingerprint %s)",
        file.file(), rows, file.columns().size(), file.fileBytes() / 1e6, file.shortFingerprint()));

    StreamStats put;
    try (QueryExport source = session.local().export("SELECT * FROM " + LocalDuckDb.parquetScan(file.file()),
            session.allocator(), session.settings().batchSize());
        RowProgress progress = console.progress("PUT", rows);
        CountingReader counted = new CountingReader(session.allocator(), source.reader(), progress)) {
      put = session.server1().put(TABLE, counted, PutMode.REPLACE, true);
    }
    console.line("PUT " + TABLE + " to server 1: " + summary(put));
    expectRows(rows, put.rows(), "PUT to server 1");

    // Relay rather than direct: the client sees every batch, so it can draw the bar. Step 5 times direct.
    StreamStats relay;
    try (FlightStream stream = session.server1().get(DemoSession.FLIGHTS_QUERY, session.settings().batchSize());
        FlightStreamReader source = new FlightStreamReader(session.allocator(), stream);
        RowProgress progress = console.progress("TRANSFER", rows);
        CountingReader counted = new CountingReader(session.allocator(), source, progress)) {
      relay = session.server2().put(TABLE, counted, PutMode.REPLACE, true);
    }
    console.line("TRANSFER " + TABLE + " to server 2 (relay through this client): " + summary(relay));
    expectRows(rows, relay.rows(), "TRANSFER to server 2");

    TableChecksum first = session.server1().checksumTable(TABLE);
    TableChecksum second = session.server2().checksumTable(TABLE);
    if (first.rows() != rows) {
      throw new StepFailed(String.format(Locale.ROOT, "server 1 has %,d rows in %s, the file has %,d",
          first.rows(), TABLE, rows));
    }
    if (!first.equals(second)) {
      throw new StepFailed("server 2's " + TABLE + " differs from server 1's: server 1 " + first + ", server 2 " + second);
    }
    console.verified(String.format(Locale.ROOT, "server 1: %,d rows, checksum %s (the file has %,d rows)",
        first.rows(), first.checksum(), rows));
    console.verified(String.format(Locale.ROOT, "server 2: %,d rows, checksum %s, identical to server 1",
        second.rows(), second.checksum()));
  }

  private static ParquetFileReport prepare(DemoSession session) throws Exception {
    DemoSettings settings = session.settings();
    Path path = settings.dataset();
    if (settings.generateRows() > 0) {
      if (!Files.exists(path)) {
        session.console().line(String.format(Locale.ROOT, "Generating %,d flights into %s (once; later runs reuse it)",
            settings.generateRows(), path));
      }
      ConsoleProgress bar = session.console().generationProgress("Generating " + path.getFileName());
      try {
        FlightsDataset.ensure(path, settings.generateRows(), FlightsDataset.DEFAULT_SEED,
            bar == null ? GenerationProgress.NONE : bar);
      } finally {
        if (bar != null) {
          bar.close();
        }
      }
    }
    return ParquetFileCheck.read(path);
  }

  static void expectRows(long expected, long actual, String what) throws StepFailed {
    if (expected != actual) {
      throw new StepFailed(String.format(Locale.ROOT, "%s moved %,d rows, expected %,d", what, actual, expected));
    }
  }

  static String summary(StreamStats stats) {
    return String.format(Locale.ROOT, "%,d rows, %,d batches, %.1f MB in %.2f s (%,.0f rows/s, %.1f MB/s)",
        stats.rows(), stats.batches(), stats.bytes() / (1024.0 * 1024.0), stats.elapsedNanos() / 1e9,
        stats.rowsPerSecond(), stats.megabytesPerSecond());
  }
}
