package dev.mallard.arrow;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Bulk-loads an Arrow stream into a DuckDB table through the C Data interface, in one
 * transaction: DuckDB scans the stream as it arrives, and any failure (a bad batch, a cast that
 * does not fit, a sender that went away) rolls the table back to exactly what it was.
 */
public final class TableIngest {
  private TableIngest() {}

  /**
   * Writes {@code source} into {@code table}. Takes ownership of {@code source}: it is closed
   * here, whatever happens.
   *
   * @return the number of rows written
   */
  public static long ingest(
      DuckDBConnection connection, BufferAllocator allocator, ArrowReader source, String table, PutMode mode)
      throws SQLException {
    String streamName = SqlIdentifiers.uniqueName("mallard_ingest_");
    String sql;
    try {
      Schema incoming = source.getVectorSchemaRoot().getSchema();
      // refused requests (create on an existing table, other columns) are refused before DuckDB sees the stream
      sql = sqlFor(connection, table, SqlIdentifiers.quote(table), " SELECT * FROM " + SqlIdentifiers.quote(streamName),
          names(incoming), mode);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(source);
      throw e;
    } catch (Exception e) {
      closeQuietly(source);
      throw new SQLException("could not read the incoming stream's schema: " + e.getMessage(), e);
    }
    try (RegisteredStream stream = RegisteredStream.register(connection, allocator, streamName, source)) {
      return inOneTransaction(connection, statement -> statement.executeUpdate(sql));
    }
  }

  /**
   * Writes the rows of {@code staged} tables (same columns each) into {@code table} with {@code mode},
   * and drops them, all in one transaction: the table changes all or nothing. Whatever happens, the
   * staged tables are gone afterwards.
   *
   * @return the number of rows written
   */
  public static long ingestStaged(DuckDBConnection connection, List<String> staged, String table, PutMode mode)
      throws SQLException {
    try {
      List<String> incoming = columnsOf(connection, staged.get(0));
      if (incoming.isEmpty()) {
        throw new SQLException("Catalog Error: staging table '" + staged.get(0) + "' does not exist", "42S02");
      }
      StringBuilder scan = new StringBuilder(" ");
      for (int i = 0; i < staged.size(); i++) {
        scan.append(i == 0 ? "" : " UNION ALL ").append("SELECT * FROM ").append(SqlIdentifiers.quote(staged.get(i)));
      }
      String write = sqlFor(connection, table, SqlIdentifiers.quote(table), scan.toString(), incoming, mode);
      return inOneTransaction(connection, statement -> {
        long rows = statement.executeUpdate(write);
        for (String name : staged) {
          statement.execute("DROP TABLE " + SqlIdentifiers.quote(name));
        }
        return rows;
      });
    } finally {
      dropIfExists(connection, staged);
    }
  }

  /** Drops whichever of {@code tables} exist, each in its own statement; for cleaning up after a failure. */
  public static void dropIfExists(DuckDBConnection connection, List<String> tables) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String name : tables) {
        statement.execute("DROP TABLE IF EXISTS " + SqlIdentifiers.quote(name));
      }
    }
  }

  /** Statements run in one transaction, returning the rows written. */
  @FunctionalInterface
  private interface Writes {
    long run(Statement statement) throws SQLException;
  }

  /** Runs {@code writes} in a transaction of its own: committed whole, or rolled back on any failure. */
  private static long inOneTransaction(DuckDBConnection connection, Writes writes) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      long rows = writes.run(statement);
      connection.commit();
      return rows;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static String sqlFor(
      DuckDBConnection connection, String table, String target, String scan, List<String> incoming, PutMode mode)
      throws SQLException {
    List<String> existing = columnsOf(connection, table);
    switch (mode) {
      case REPLACE:
        return "CREATE OR REPLACE TABLE " + target + " AS" + scan;
      case CREATE:
        if (!existing.isEmpty()) {
          throw new IngestRejected(IngestRejected.Reason.ALREADY_EXISTS,
              "table '" + table + "' already exists; use mode append or replace");
        }
        return "CREATE TABLE " + target + " AS" + scan;
      case APPEND:
      default:
        if (existing.isEmpty()) {
          return "CREATE TABLE " + target + " AS" + scan;
        }
        requireSameColumns(table, existing, incoming);
        return "INSERT INTO " + target + " BY NAME" + scan;
    }
  }

  /** Column names of {@code table} in the current schema, in order; empty when there is no such table. */
  public static List<String> columnsOf(DuckDBConnection connection, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT column_name FROM information_schema.columns"
            + " WHERE table_schema = current_schema() AND lower(table_name) = lower(?)"
            + " ORDER BY ordinal_position")) {
      query.setString(1, table);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  private static List<String> names(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Field field : schema.getFields()) {
      names.add(field.getName());
    }
    return names;
  }

  private static void requireSameColumns(String table, List<String> existing, List<String> incoming)
      throws SQLException {
    List<String> want = lower(existing);
    List<String> got = lower(incoming);
    if (!(want.containsAll(got) && got.containsAll(want) && want.size() == got.size())) {
      throw new IngestRejected(IngestRejected.Reason.SCHEMA_MISMATCH,
          "the stream's columns " + got + " do not match table '" + table + "' columns " + want
              + "; send the same column names or use mode replace");
    }
  }

  private static List<String> lower(List<String> names) {
    List<String> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(name.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static void closeQuietly(ArrowReader reader) {
    try {
      reader.close();
    } catch (Exception suppressed) {
      // the original failure is the one worth reporting
    }
  }
}
