package dev.mallard.cli.demo;

import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import dev.mallard.dataset.ColumnRequirements;
import dev.mallard.dataset.ParquetFileReport;
import dev.mallard.wire.ExchangeCommand;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Step 4: the flights file streamed through two exchangers on server 1, reading results while
 * still sending: {@code my_streaming_exchanger} (every row must come back with processed = true)
 * and a {@code sql} exchanger that filters and adds a column (counts must match the same query
 * run locally).
 */
public final class CustomExchangeStep implements DemoStep {
  static final String STREAMING = "my_streaming_exchanger";
  static final String SQL = "SELECT *, ARR_DELAY > 15 AS delayed FROM input WHERE NOT CANCELLED";
  static final List<String> SQL_COLUMNS = List.of("ARR_DELAY", "CANCELLED");

  @Override
  public void run(DemoSession session) throws Exception {
    ParquetFileReport file = session.dataset();
    streaming(session, file);
    try {
      ColumnRequirements.require(file, SQL_COLUMNS, "the sql exchanger query");
    } catch (IllegalArgumentException e) {
      session.console().warning(e.getMessage() + "; skipping the sql exchange");
      return;
    }
    sql(session, file);
  }

  private static void streaming(DemoSession session, ParquetFileReport file) throws Exception {
    DemoConsole console = session.console();
    FlagCheck processed = new FlagCheck("processed");
    Exchanged exchanged = exchangeFile(session, file, STREAMING, "EXCHANGE", processed);
    long in = exchanged.in();
    StreamStats out = exchanged.out();
    console.line(String.format(Locale.ROOT, "EXCHANGE through %s: %,d rows in, %,d rows out, %,d batches back, "
        + "%.2f s", STREAMING, in, out.rows(), out.batches(), out.elapsedNanos() / 1e9));
    LargeDatasetStep.expectRows(file.rows(), in, "EXCHANGE input");
    LargeDatasetStep.expectRows(in, out.rows(), STREAMING);
    if (processed.batchesWithoutColumn() > 0) {
      throw new StepFailed(processed.batchesWithoutColumn() + " of " + processed.batches()
          + " batches from " + STREAMING + " lack the BOOLEAN column 'processed'");
    }
    if (processed.otherRows() > 0) {
      throw new StepFailed(String.format(Locale.ROOT, "%,d rows from %s have processed false or null",
          processed.otherRows(), STREAMING));
    }
    console.verified(String.format(Locale.ROOT, "processed = true in all %,d rows of all %,d batches",
        processed.trueRows(), processed.batches()));
  }

  private static void sql(DemoSession session, ParquetFileReport file) throws Exception {
    DemoConsole console = session.console();
    // The exchanger applies the query to each batch on its own; row by row it is the same query
    // over the whole file, which the client's DuckDB answers for comparison.
    long[] expected = session.local().longs("SELECT count(*), count(*) FILTER (WHERE delayed) FROM ("
        + SQL.replace("FROM input", "FROM " + LocalDuckDb.parquetScan(file.file())) + ")", 2);
    String command = ExchangeCommand.exchanger("sql", Map.of("sql", SQL)).text();
    FlagCheck delayed = new FlagCheck("delayed");
    Exchanged exchanged = exchangeFile(session, file, command, "EXCHANGE sql", delayed);
    long in = exchanged.in();
    StreamStats out = exchanged.out();
    console.line("EXCHANGE through sql: " + SQL);
    console.line(String.format(Locale.ROOT, "  %,d rows in, %,d rows out (not cancelled), %,d of them delayed, %.2f s",
        in, out.rows(), delayed.trueRows(), out.elapsedNanos() / 1e9));
    LargeDatasetStep.expectRows(file.rows(), in, "EXCHANGE input");
    if (delayed.batchesWithoutColumn() > 0) {
      throw new StepFailed(delayed.batchesWithoutColumn() + " of " + delayed.batches()
          + " batches from the sql exchanger lack the BOOLEAN column 'delayed'");
    }
    if (out.rows() != expected[0] || delayed.trueRows() != expected[1]) {
      throw new StepFailed(String.format(Locale.ROOT, "the sql exchanger returned %,d rows, %,d delayed; the same "
          + "query run locally gives %,d rows, %,d delayed", out.rows(), delayed.trueRows(), expected[0], expected[1]));
    }
    console.verified(String.format(Locale.ROOT, "%,d rows and %,d delayed, as the same query gives locally",
        expected[0], expected[1]));
  }

  private record Exchanged(long in, StreamStats out) {}

  /** Sends the whole file through {@code command} on server 1 with a progress bar, checking each batch back. */
  private static Exchanged exchangeFile(DemoSession session, ParquetFileReport file, String command, String label,
      FlagCheck flags) throws Exception {
    try (QueryExport source = session.local().export("SELECT * FROM " + LocalDuckDb.parquetScan(file.file()),
            session.allocator(), session.settings().batchSize());
        RowProgress progress = session.console().progress(label, file.rows());
        CountingReader counted = new CountingReader(session.allocator(), source.reader(), progress)) {
      StreamStats out = session.server1().exchange(command, counted, true, flags::accept);
      return new Exchanged(progress.rows(), out);
    }
  }
}
