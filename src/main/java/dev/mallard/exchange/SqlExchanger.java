package dev.mallard.exchange;

import dev.mallard.arrow.RegisteredStream;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SingleStatement;
import dev.mallard.arrow.SqlIdentifiers;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Applies a DuckDB query to each incoming batch, which the query sees as a table named
 * {@code input}: {@code SELECT *, ARR_DELAY > 15 AS delayed FROM input WHERE NOT CANCELLED}.
 * Each batch is transformed on its own (an aggregate gives one row per batch, not per stream;
 * use the {@code aggregate} exchanger for that).
 *
 * <p>The batch reaches DuckDB through the C Data interface without a copy, but such a view can
 * be scanned only once. A query that reads {@code input} twice (a self-join, a subquery) is
 * detected when the session opens, and then each batch is first copied into a temporary table.
 */
public final class SqlExchanger implements Exchanger {
  static final String INPUT = "input";
  /** DuckDB's error when a query scans a registered Arrow stream a second time. */
  private static final String SECOND_SCAN_ERROR = "stream has been released";
  /** Result batches are at least this many rows, so a tiny input batch does not fragment the output. */
  private static final int MIN_RESULT_BATCH_ROWS = 1024;

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String description() {
    return "Applies a DuckDB SQL query to each batch, seen as table 'input' (param: sql)";
  }

  @Override
  public ExchangeSession open(ExchangeContext context) {
    String sql = context.requireString("sql");
    SingleStatement.require(sql);
    Session session = new Session(context, sql);
    try {
      session.probe();
      return session;
    } catch (RuntimeException e) {
      session.closeQuietly();
      throw e;
    } catch (Exception e) {
      session.closeQuietly();
      throw new IllegalStateException("could not prepare the sql exchange: " + e.getMessage(), e);
    }
  }

  private static final class Session implements ExchangeSession {
    private final ExchangeContext context;
    private final String sql;
    private final String stagingView = SqlIdentifiers.uniqueName("mallard_sql_batch_");
    private boolean copyInput;
    private long batches;
    private boolean sent;

    Session(ExchangeContext context, String sql) {
      this.context = context;
      this.sql = sql;
    }

    /**
     * Runs the query once over an empty input: bad SQL is reported before any data flows, and
     * we learn whether the query can scan the batch in place.
     */
    void probe() throws Exception {
      try (VectorSchemaRoot empty = context.emptyInput()) {
        try {
          runQuery(empty, null);
        } catch (SQLException first) {
          if (first.getMessage() == null || !first.getMessage().contains(SECOND_SCAN_ERROR)) {
            throw invalid("the sql does not run on the input: ", first);
          }
          copyInput = true;
          try {
            runQuery(empty, null);
          } catch (SQLException second) {
            throw invalid("the sql does not run on the input: ", second);
          }
        }
      }
    }

    @Override
    public void onBatch(VectorSchemaRoot input, BatchSink output) throws Exception {
      batches++;
      try {
        runQuery(input, output);
      } catch (SQLException e) {
        throw invalid("the sql failed on input batch " + batches + ": ", diagnose(input, e));
      }
      sent = true;
    }

    /**
     * DuckDB's JDBC reports a query failing mid-run as just "Invalid result set" (see
     * QueryExport); to recover its message the query must run again, which a once-only stream
     * view cannot do, so the failed batch is staged as a table and the query re-run on that.
     */
    private SQLException diagnose(VectorSchemaRoot input, SQLException failure) {
      if (copyInput || failure.getMessage() == null || !failure.getMessage().contains("Invalid result set")) {
        return failure;
      }
      copyInput = true;
      try {
        runQuery(input, null);
        return failure;
      } catch (SQLException real) {
        return real;
      } catch (Exception other) {
        return failure;
      }
    }

    @Override
    public void onEnd(BatchSink output) throws Exception {
      // zero input batches: the client still gets the output schema
      if (!sent) {
        try (VectorSchemaRoot empty = context.emptyInput()) {
          runQuery(empty, output);
        } catch (SQLException e) {
          throw invalid("the sql failed on the empty input: ", e);
        }
      }
    }

    /** Runs the query over {@code batch}; sends the result to {@code output}, or drops it if null. */
    private void runQuery(VectorSchemaRoot batch, BatchSink output) throws Exception {
      long resultBatchRows = Math.max(batch.getRowCount(), MIN_RESULT_BATCH_ROWS);
      String viewName = copyInput ? stagingView : INPUT;
      try (RegisteredStream view =
          RegisteredStream.register(context.connection(), context.allocator(), viewName, new OneBatchReader(context.allocator(), batch))) {
        if (copyInput) {
          execute("CREATE OR REPLACE TEMP TABLE " + SqlIdentifiers.quote(INPUT)
              + " AS SELECT * FROM " + SqlIdentifiers.quote(stagingView));
        }
        try (QueryExport result = QueryExport.open(context.connection(), sql, context.allocator(), resultBatchRows)) {
          if (output != null) {
            Batches.sendAll(result.reader(), output);
          }
        }
      }
    }

    private void execute(String statementSql) throws SQLException {
      try (Statement statement = context.connection().createStatement()) {
        statement.execute(statementSql);
      }
    }

    @Override
    public void close() throws Exception {
      if (copyInput) {
        execute("DROP TABLE IF EXISTS " + SqlIdentifiers.quote(INPUT));
      }
    }

    void closeQuietly() {
      try {
        close();
      } catch (Exception suppressed) {
        // the open failure is the one to report
      }
    }

    private static IllegalArgumentException invalid(String what, SQLException e) {
      return new IllegalArgumentException(what + e.getMessage(), e);
    }
  }
}
