package dev.mallard.server;

import dev.mallard.arrow.DictionaryColumns;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SingleStatement;
import dev.mallard.arrow.SqlIdentifiers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * What a SQL statement returns and takes, found without running it: DuckDB prepares it, and the
 * types it reports are turned into Arrow by DuckDB's own exporter (a zero-row
 * {@code SELECT NULL::type ...}), so the schema announced is exactly the one later streamed.
 *
 * <p>This is the one way both producers learn a schema (GetFlightInfo, GetSchema, Flight SQL,
 * table listings): the text is first checked to be a single statement ({@link SingleStatement}),
 * since DuckDB's JDBC driver runs every statement but the last of a multi-statement text while
 * preparing it; preparing one statement only plans it. It still happens in a transaction that is
 * rolled back, so nothing a bind step might touch in the catalog outlives the call.
 */
record StatementShape(boolean query, Schema dataset, Schema parameters) {
  private static final Schema EMPTY = new Schema(List.of());

  /**
   * @param inTransaction the connection is already in a transaction (a read-only caller's): it is
   *     used as it is and left open
   */
  static StatementShape describe(DuckDBConnection connection, String sql, BufferAllocator allocator,
      boolean inTransaction) throws SQLException {
    SingleStatement.require(sql);
    if (!inTransaction) {
      execute(connection, "BEGIN TRANSACTION");
    }
    try (PreparedStatement prepared = connection.prepareStatement(sql)) {
      DuckDBResultSetMetaData result = prepared.getMetaData().unwrap(DuckDBResultSetMetaData.class);
      boolean query = result.getReturnType() == StatementReturnType.QUERY_RESULT;
      List<Column> columns = new ArrayList<>();
      if (query) {
        for (int i = 1; i <= result.getColumnCount(); i++) {
          columns.add(new Column(result.getColumnName(i), result.getColumnTypeName(i)));
        }
      }
      if (columns.stream().anyMatch(column -> "ENUM".equals(column.type()))) {
        columns = withEnumValues(connection, sql, columns);
      }
      ParameterMetaData parameterMeta = prepared.getParameterMetaData();
      List<Column> parameters = new ArrayList<>();
      for (int i = 1; i <= parameterMeta.getParameterCount(); i++) {
        String type = parameterMeta.getParameterTypeName(i);
        // a parameter DuckDB cannot type (SELECT ?) is offered as text, which DuckDB casts from
        parameters.add(new Column("p" + i, known(type) ? type : "VARCHAR"));
      }
      return new StatementShape(query, arrowSchema(connection, columns, allocator),
          inMilliseconds(arrowSchema(connection, parameters, allocator)));
    } finally {
      if (!inTransaction) {
        try {
          execute(connection, "ROLLBACK");
        } catch (SQLException alreadyEnded) {
          // a failed prepare can end DuckDB's transaction itself: nothing is left to undo
        }
      }
    }
  }

  /** The schema as Flight SQL sends it: an IPC schema message; an update's is empty bytes. */
  static byte[] serialize(Schema schema) {
    if (schema.getFields().isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
    } catch (IOException e) {
      throw new IllegalStateException("could not serialize a schema in memory", e);
    }
    return bytes.toByteArray();
  }

  private record Column(String name, String type) {}

  /**
   * JDBC names an ENUM column's type just {@code ENUM}, which does not parse back; DuckDB's
   * DESCRIBE (which binds the query, never runs it) spells out its values.
   */
  private static List<Column> withEnumValues(DuckDBConnection connection, String sql, List<Column> columns)
      throws SQLException {
    List<Column> described = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("DESCRIBE " + sql)) {
      for (int i = 0; rs.next() && i < columns.size(); i++) {
        Column column = columns.get(i);
        described.add("ENUM".equals(column.type()) ? new Column(column.name(), rs.getString("column_type")) : column);
      }
    }
    return described.size() == columns.size() ? described : columns;
  }

  /**
   * Times and timestamps are announced to clients in milliseconds: the JDBC driver (18.3) writes
   * its millisecond values into whatever unit it is offered. Values sent in another unit are still
   * read correctly.
   */
  private static Schema inMilliseconds(Schema parameters) {
    List<Field> fields = new ArrayList<>();
    for (Field field : parameters.getFields()) {
      ArrowType type = field.getType();
      if (type instanceof ArrowType.Timestamp stamp) {
        fields.add(Field.nullable(field.getName(), new ArrowType.Timestamp(TimeUnit.MILLISECOND, stamp.getTimezone())));
      } else if (type instanceof ArrowType.Time) {
        fields.add(Field.nullable(field.getName(), new ArrowType.Time(TimeUnit.MILLISECOND, 32)));
      } else {
        fields.add(field);
      }
    }
    return new Schema(fields);
  }

  private static boolean known(String type) {
    return type != null && !type.isEmpty() && !"UNKNOWN".equals(type) && !"INVALID".equals(type);
  }

  private static Schema arrowSchema(DuckDBConnection connection, List<Column> columns, BufferAllocator allocator)
      throws SQLException {
    if (columns.isEmpty()) {
      return EMPTY;
    }
    try {
      return probe(connection, columns, false, allocator);
    } catch (SQLException unusualType) {
      // a type whose name does not parse back: announce those columns untyped rather than fail
      return probe(connection, columns, true, allocator);
    }
  }

  private static Schema probe(DuckDBConnection connection, List<Column> columns, boolean checkEach,
      BufferAllocator allocator) throws SQLException {
    List<String> select = new ArrayList<>();
    for (Column column : columns) {
      String value = known(column.type()) && (!checkEach || castable(connection, column.type()))
          ? "NULL::" + column.type() : "NULL";
      select.add(value + " AS " + SqlIdentifiers.quote(column.name()));
    }
    String sql = "SELECT " + String.join(", ", select) + " LIMIT 0";
    try (QueryExport export = QueryExport.open(connection, sql, allocator, 1)) {
      // announced as sent: an ENUM as dictionary-encoded utf8, not as its in-memory indices
      return DictionaryColumns.messageFormat(export.reader().getVectorSchemaRoot().getSchema(), export.reader());
    } catch (java.io.IOException e) {
      throw new SQLException("could not read the schema of " + sql, e);
    }
  }

  private static boolean castable(DuckDBConnection connection, String type) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT NULL::" + type);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void execute(DuckDBConnection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
