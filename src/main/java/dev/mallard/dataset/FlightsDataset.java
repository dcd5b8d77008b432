package dev.mallard.dataset;

import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.arrow.SqlIdentifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * The synthetic flights table the benchmarks and the demo run on: rows after the US BTS on-time
 * performance data, written by DuckDB straight to Parquet. The rows are a pure function of
 * (rows, seed), and the file is byte-identical for the same pair and DuckDB version.
 */
public final class FlightsDataset {
  public static final Path DEFAULT_PATH = Path.of("datasets", "flights.parquet");
  public static final long DEFAULT_ROWS = 24_000_000L;
  public static final long DEFAULT_SEED = 42L;
  /** Far beyond any use, and low enough that no intermediate value in the query overflows BIGINT. */
  public static final long MAX_ROWS = 10_000_000_000L;
  /** DuckDB's default, pinned: row group boundaries are part of the bytes. */
  public static final int ROW_GROUP_SIZE = 122_880;

  /** The generated columns, in file order. */
  public static final List<String> COLUMNS = List.of(
      "FL_DATE", "OP_CARRIER", "OP_CARRIER_FL_NUM", "ORIGIN", "DEST", "CRS_DEP_TIME", "DEP_TIME",
      "DEP_DELAY", "ARR_TIME", "ARR_DELAY", "AIR_TIME", "DISTANCE", "CANCELLED");

  static final String TEMPLATE_RESOURCE = "/dev/mallard/dataset/flights.sql";
  private static final long PROGRESS_POLL_MILLIS = 250;

  private FlightsDataset() {}

  /** The generator query for {@code rows} and {@code seed}; it reads row ids from {@code flight_row_ids}. */
  public static String query(long rows, long seed) {
    checkRows(rows);
    String sql = template()
        .replace("{{rows}}", Long.toString(rows))
        .replace("{{seed}}", Long.toString(seed));
    if (sql.contains("{{")) {
      throw new IllegalStateException(TEMPLATE_RESOURCE + " has a placeholder other than {{rows}} and {{seed}}");
    }
    return sql;
  }

  /**
   * Writes {@code rows} flights for {@code seed} to {@code out}, replacing it. The file appears at
   * {@code out} only when complete: DuckDB writes a hidden sibling that is renamed at the end.
   */
  public static void generate(Path out, long rows, long seed, GenerationProgress progress)
      throws IOException, SQLException {
    String query = query(rows, seed);
    Path target = out.toAbsolutePath();
    Path directory = target.getParent();
    Files.createDirectories(directory);
    Path partial = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
    // Ctrl-C skips finally blocks but runs exit hooks: no partial file survives an interrupted run.
    partial.toFile().deleteOnExit();
    // Insertion order is DuckDB's default; pinned because it is what keeps the bytes identical
    // whatever the thread count (measured with 1 to 8 threads).
    try (DuckDBConnection connection = DuckDbOpener.inMemory().flag("preserve_insertion_order", true)
            .flag("enable_progress_bar", true).flag("enable_progress_bar_print", false).openInMemory();
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TEMP TABLE flight_row_ids AS SELECT range AS i FROM range(" + rows + ")");
      String copy = "COPY (" + query + ") TO " + SqlIdentifiers.literal(partial.toString())
          + " (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ")";
      runWithProgress(statement, copy, rows, progress);
      progress.rowsWritten(rows, rows);
      moveIntoPlace(partial, target);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Generates {@code out} only when it does not exist; an existing file, generated or the user's
   * own, is used as it is. Shows a progress bar when on a terminal.
   *
   * @return whether a file was generated
   */
  public static boolean ensure(Path out, long rows, long seed) throws IOException, SQLException {
    try (ConsoleProgress progress = ConsoleProgress.forTask("Generating " + out.getFileName())) {
      return ensure(out, rows, seed, progress);
    }
  }

  public static boolean ensure(Path out, long rows, long seed, GenerationProgress progress)
      throws IOException, SQLException {
    if (Files.exists(out)) {
      return false;
    }
    generate(out, rows, seed, progress);
    return true;
  }

  static void checkRows(long rows) {
    if (rows <= 0 || rows > MAX_ROWS) {
      throw new IllegalArgumentException("rows must be between 1 and " + MAX_ROWS + ", got " + rows);
    }
  }

  static String template() {
    try (InputStream in = FlightsDataset.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + TEMPLATE_RESOURCE, e);
    }
  }

  /** One COPY statement, with DuckDB's own progress estimate polled on the side. */
  private static void runWithProgress(Statement statement, String sql, long rows, GenerationProgress progress)
      throws SQLException {
    DuckDBPreparedStatement duck = statement.unwrap(DuckDBPreparedStatement.class);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "flights-progress");
      thread.setDaemon(true);
      return thread;
    });
    try {
      poller.scheduleWithFixedDelay(() -> report(duck, rows, progress), PROGRESS_POLL_MILLIS, PROGRESS_POLL_MILLIS,
          TimeUnit.MILLISECONDS);
      statement.execute(sql);
    } finally {
      poller.shutdownNow();
      try {
        poller.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void report(DuckDBPreparedStatement statement, long rows, GenerationProgress progress) {
    try {
      QueryProgress state = statement.getQueryProgress();
      double percent = state.getPercentage();
      if (percent >= 0) {
        // the scan runs ahead of the writer; never claim the last row before the file is done
        progress.rowsWritten(Math.min(rows - 1, Math.round(rows * percent / 100.0)), rows);
      }
    } catch (SQLException | RuntimeException e) {
      // progress is best effort: a poll racing the statement's end must not fail the generation
    }
  }

  private static void moveIntoPlace(Path partial, Path target) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
