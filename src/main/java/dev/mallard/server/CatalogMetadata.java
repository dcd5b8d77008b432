package dev.mallard.server;

import dev.mallard.arrow.SqlIdentifiers;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Flight SQL's catalog requests answered from DuckDB's information schema. Catalogs are DuckDB's
 * attached databases, schemas its schemas. The answers are small: each is one batch.
 */
final class CatalogMetadata {
  static final List<String> TABLE_TYPES = List.of("BASE TABLE", "LOCAL TEMPORARY", "VIEW");
  private static final String USER_DATABASES = "SELECT database_name FROM duckdb_databases() WHERE NOT internal";

  private CatalogMetadata() {}

  static void catalogs(DuckDBConnection connection, BufferAllocator allocator, ServerStreamListener listener)
      throws SQLException {
    send(listener, allocator, Schemas.GET_CATALOGS_SCHEMA,
        new Query(USER_DATABASES).rows(connection, " ORDER BY database_name"));
  }

  static void schemas(DuckDBConnection connection, BufferAllocator allocator, CommandGetDbSchemas request,
      ServerStreamListener listener) throws SQLException {
    Query query = new Query("SELECT catalog_name, schema_name FROM information_schema.schemata"
        + " WHERE catalog_name IN (" + USER_DATABASES + ")")
        .equal(request.hasCatalog(), "catalog_name", request.getCatalog())
        .like(request.hasDbSchemaFilterPattern(), "schema_name", request.getDbSchemaFilterPattern());
    send(listener, allocator, Schemas.GET_SCHEMAS_SCHEMA,
        query.rows(connection, " ORDER BY catalog_name, schema_name"));
  }

  static void tables(DuckDBConnection connection, BufferAllocator allocator, CommandGetTables request,
      ServerStreamListener listener) throws Exception {
    Query query = new Query("SELECT table_catalog, table_schema, table_name, table_type"
        + " FROM information_schema.tables WHERE table_catalog IN (" + USER_DATABASES + ")")
        .equal(request.hasCatalog(), "table_catalog", request.getCatalog())
        .like(request.hasDbSchemaFilterPattern(), "table_schema", request.getDbSchemaFilterPattern())
        .like(request.hasTableNameFilterPattern(), "table_name", request.getTableNameFilterPattern())
        .in("table_type", request.getTableTypesList());
    List<Object[]> tables = query.rows(connection, " ORDER BY table_type, table_catalog, table_schema, table_name");
    if (!request.getIncludeSchema()) {
      send(listener, allocator, Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, tables);
      return;
    }
    List<Object[]> withSchemas = new ArrayList<>(tables.size());
    for (Object[] table : tables) {
      String name = SqlIdentifiers.quote((String) table[0]) + "." + SqlIdentifiers.quote((String) table[1]) + "."
          + SqlIdentifiers.quote((String) table[2]);
      Schema schema = StatementShape.describe(connection, "SELECT * FROM " + name, allocator, false).dataset();
      withSchemas.add(new Object[] {table[0], table[1], table[2], table[3], StatementShape.serialize(schema)});
    }
    send(listener, allocator, Schemas.GET_TABLES_SCHEMA, withSchemas);
  }

  static void tableTypes(BufferAllocator allocator, ServerStreamListener listener) {
    List<Object[]> rows = new ArrayList<>();
    for (String type : TABLE_TYPES) {
      rows.add(new Object[] {type});
    }
    send(listener, allocator, Schemas.GET_TABLE_TYPES_SCHEMA, rows);
  }

  static void primaryKeys(DuckDBConnection connection, BufferAllocator allocator, CommandGetPrimaryKeys request,
      ServerStreamListener listener) throws SQLException {
    Query query = new Query("SELECT database_name, schema_name, table_name, column_name,"
        + " key_sequence::INTEGER, constraint_name FROM (SELECT database_name, schema_name, table_name,"
        + " constraint_name, unnest(constraint_column_names) AS column_name,"
        + " unnest(range(1, len(constraint_column_names) + 1)) AS key_sequence"
        + " FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY') WHERE table_name = ?", request.getTable())
        .equal(request.hasCatalog(), "database_name", request.getCatalog())
        .equal(request.hasDbSchema(), "schema_name", request.getDbSchema());
    send(listener, allocator, Schemas.GET_PRIMARY_KEYS_SCHEMA,
        query.rows(connection, " ORDER BY database_name, schema_name, key_sequence"));
  }

  /** For the requests Mallard has no rows for (foreign keys, type info): the right schema, no rows. */
  static void empty(Schema schema, BufferAllocator allocator, ServerStreamListener listener) {
    send(listener, allocator, schema, List.of());
  }

  /** A metadata query and the filters a request adds to it, each value bound as a parameter. */
  private static final class Query {
    private final StringBuilder sql;
    private final List<Object> args = new ArrayList<>();

    Query(String sql, Object... args) {
      this.sql = new StringBuilder(sql);
      this.args.addAll(List.of(args));
    }

    Query equal(boolean asked, String column, Object value) {
      return asked ? and(column + " = ?", List.of(value)) : this;
    }

    /** A JDBC search pattern: {@code %} and {@code _} are wildcards, escaped with a backslash. */
    Query like(boolean asked, String column, String pattern) {
      return asked ? and(column + " LIKE ? ESCAPE '\\'", List.of(pattern)) : this;
    }

    /** Any of {@code values}; no filter when there are none. */
    Query in(String column, List<String> values) {
      return values.isEmpty() ? this
          : and(column + " IN (" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")", values);
    }

    private Query and(String condition, List<?> values) {
      sql.append(" AND ").append(condition);
      args.addAll(values);
      return this;
    }

    List<Object[]> rows(DuckDBConnection connection, String orderBy) throws SQLException {
      return CatalogMetadata.rows(connection, sql + orderBy, args);
    }
  }

  private static List<Object[]> rows(DuckDBConnection connection, String sql, List<Object> args) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        statement.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = statement.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static void send(ServerStreamListener listener, BufferAllocator allocator, Schema schema, List<Object[]> rows) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int row = 0; row < rows.size(); row++) {
        for (int column = 0; column < schema.getFields().size(); column++) {
          set(root.getVector(column), row, rows.get(row)[column]);
        }
      }
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  private static void set(FieldVector vector, int row, Object value) {
    if (value == null) {
      vector.setNull(row);
    } else if (vector instanceof VarCharVector text) {
      text.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof IntVector ints) {
      ints.setSafe(row, ((Number) value).intValue());
    } else if (vector instanceof VarBinaryVector bytes) {
      bytes.setSafe(row, (byte[]) value);
    } else {
      throw new IllegalStateException("no metadata writer for " + vector.getField());
    }
  }
}
