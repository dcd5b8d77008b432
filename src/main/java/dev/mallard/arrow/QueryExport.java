package dev.mallard.arrow;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * A DuckDB query exported as an Arrow stream. The reader loads fresh buffers for every batch
 * (they come through the C Data interface), so a batch may be handed to a zero-copy writer and
 * the next one loaded without waiting for it.
 */
public final class QueryExport implements AutoCloseable {
  private final Statement statement;
  private final DuckDBResultSet resultSet;
  private final ArrowReader reader;
  private boolean handedOver;

  private QueryExport(Statement statement, DuckDBResultSet resultSet, ArrowReader reader) {
    this.statement = statement;
    this.resultSet = resultSet;
    this.reader = reader;
  }

  /**
   * Exports the result of {@code sql}, which must be one statement that returns rows. Nothing runs
   * before both are known: the statement is counted by {@link SingleStatement}, then prepared (which,
   * for a single statement, only plans it) to learn whether it returns rows, and only then run.
   *
   * <p>It runs as a plain {@link Statement}, not the prepared statement: DuckDB executes a JDBC
   * prepared statement through an {@code EXECUTE} plan whose root ({@code PhysicalExecute}) hides
   * the scan from the result collector's choice, which then falls back to a single-threaded
   * collector, so such an export never uses a second core (see {@code docs/statements.md}).
   */
  public static QueryExport open(DuckDBConnection connection, String sql, BufferAllocator allocator, long batchSize)
      throws SQLException {
    SingleStatement.require(sql);
    try {
      requireRows(connection, sql);
      Statement statement = connection.createStatement();
      try {
        DuckDBResultSet resultSet = statement.executeQuery(sql).unwrap(DuckDBResultSet.class);
        return new QueryExport(statement, resultSet, arrowReader(resultSet, allocator, batchSize));
      } catch (SQLException | RuntimeException e) {
        statement.close();
        throw e;
      }
    } catch (SQLException e) {
      throw StreamedQueryErrors.isOpaque(e) ? StreamedQueryErrors.explain(connection, sql, e) : e;
    }
  }

  /** Refuses a statement that returns no rows before it runs, not after it changed something. */
  private static void requireRows(DuckDBConnection connection, String sql) throws SQLException {
    try (PreparedStatement prepared = connection.prepareStatement(sql)) {
      StatementReturnType kind = prepared.getMetaData().unwrap(DuckDBResultSetMetaData.class).getReturnType();
      if (kind != StatementReturnType.QUERY_RESULT) {
        throw new SQLException("Invalid Input Error: the statement returns no rows (" + kind
            + "); only queries can be streamed", "42000");
      }
    }
  }

  /**
   * Runs a prepared statement whose parameters are already bound, and exports its result: the slow,
   * single-core path, for Flight SQL parameters only (a plain statement cannot bind them). Takes
   * ownership of {@code statement}: it is closed with this export, or here if running it fails.
   */
  public static QueryExport open(PreparedStatement statement, BufferAllocator allocator, long batchSize)
      throws SQLException {
    try {
      if (!statement.execute()) {
        throw new SQLException("statement returned no result set: only queries can be streamed", "42000");
      }
      DuckDBResultSet resultSet = statement.getResultSet().unwrap(DuckDBResultSet.class);
      return new QueryExport(statement, resultSet, arrowReader(resultSet, allocator, batchSize));
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** DuckDB's export, with its ENUMs' dictionaries made fit for Flight ({@link StableDictionaryReader}). */
  private static ArrowReader arrowReader(DuckDBResultSet resultSet, BufferAllocator allocator, long batchSize)
      throws SQLException {
    ArrowReader reader = (ArrowReader) resultSet.arrowExportStream(allocator, batchSize);
    try {
      return StableDictionaryReader.wrapIfNeeded(allocator, reader);
    } catch (IOException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SQLException("could not read the Arrow export's schema: " + e.getMessage(), e);
    }
  }

  public ArrowReader reader() {
    return reader;
  }

  /**
   * The reader, for a consumer that takes ownership and closes it itself (such as
   * {@link TableIngest}); this export then only closes the result set and statement.
   */
  public ArrowReader handOverReader() {
    handedOver = true;
    return reader;
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!handedOver) {
        reader.close();
      }
    } catch (IOException e) {
      throw new SQLException("closing the Arrow export failed", e);
    } finally {
      try {
        resultSet.close();
      } finally {
        statement.close();
      }
    }
  }
}
