package dev.mallard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.wire.PartitionSlice;
import dev.mallard.wire.QueryTicket;
import dev.mallard.wire.WireJson;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.flight.CallStatus;
import org.duckdb.DuckDBConnection;

/**
 * Splits a query into partitions that separate connections can stream side by side, and checks, in
 * each partition's own transaction, that the table is still the one the plan was made from.
 *
 * <p><b>What is split.</b> {@code SELECT <row-wise expressions> FROM <one table> [WHERE ...]}: one
 * SELECT over one base table of the current schema, with no ORDER BY, LIMIT, DISTINCT, GROUP BY,
 * HAVING, QUALIFY, SAMPLE, WITH, subquery, window function, aggregate, table function or macro, so
 * every output row depends on one input row only. DuckDB's own parser decides ({@code
 * json_serialize_sql}); anything else, views included, gets one endpoint. A path descriptor (a whole
 * table) is {@code SELECT * FROM t}.
 *
 * <p><b>How.</b> By {@code rowid} ranges of equal width over {@code [min(rowid), max(rowid)]}. A
 * partition runs the client's SQL unchanged under a CTE that shadows the table with its slice
 * ({@code WITH "t" AS NOT MATERIALIZED (SELECT * FROM "db"."main"."t" WHERE rowid >= a AND rowid < b)
 * <sql>}); DuckDB pushes the rowid bounds into the table scan, so a partition reads only its rows.
 *
 * <p><b>One state of the table.</b> DuckDB gives each connection its own snapshot and cannot share
 * one across connections, so the plan records the table's oid (a replaced table gets a new one), its
 * row count and its largest rowid, and each partition compares them inside the transaction it streams
 * from before sending a row, failing with {@code UNAVAILABLE} when they differ (Flight has no ABORTED; UNAVAILABLE is gRPC's "retry" code). An append raises the
 * largest rowid, a delete lowers the count, so no appended or deleted row is ever lost or sent twice.
 * What this cannot see: an UPDATE in place between two partitions' starts (each row is still sent
 * exactly once, some with old and some with new values), and a delete and an equal append with a
 * checkpoint in between that compacts rowids (persistent databases only).
 */
final class PartitionPlanner {
  private static final String PARSE = "SELECT json_serialize_sql(?::VARCHAR)";
  /** Function names DuckDB knows only as scalar functions: the only ones a split query may call. */
  private static final String NON_SCALAR_FUNCTIONS =
      "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type <> 'scalar'";

  private PartitionPlanner() {}

  /** The one table a splittable query reads, fully qualified for SQL; empty when it cannot be split. */
  record SplitTable(String name, String qualified) {}

  /** What the plan saw of the table. */
  record TableState(long oid, long rows, long minRowid, long maxRowid) {}

  /**
   * The tickets for {@code query}: one per partition, or a single ticket for the whole result
   * when the query cannot be split or is too small to be worth it.
   *
   * @param serverDefault the server's partitions when the client asked for none
   * @param minRowsPerServerPartition a server-chosen split gives every partition at least this many rows
   */
  static List<QueryTicket> plan(DuckDBConnection connection, QueryTicket query, int serverDefault,
      long minRowsPerServerPartition) throws SQLException {
    QueryTicket whole = new QueryTicket(query.sql(), query.batchSize());
    int wanted = query.partitions() != null ? query.partitions() : serverDefault;
    if (wanted <= 1) {
      return List.of(whole);
    }
    Optional<SplitTable> table = splittable(connection, query.sql());
    if (table.isEmpty()) {
      return List.of(whole);
    }
    TableState state = stateOf(connection, table.get());
    long cap = query.partitions() != null ? state.rows() : state.rows() / Math.max(1, minRowsPerServerPartition);
    int count = (int) Math.min(wanted, cap);
    if (count <= 1) {
      return List.of(whole);
    }
    long span = state.maxRowid() - state.minRowid() + 1;
    List<QueryTicket> tickets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long from = state.minRowid() + span * i / count;
      long to = state.minRowid() + span * (i + 1) / count;
      tickets.add(whole.withPartition(
          new PartitionSlice(i, count, from, to, state.oid(), state.rows(), state.maxRowid())));
    }
    return List.copyOf(tickets);
  }

  /**
   * The SQL that streams {@code ticket}'s partition, after checking, in the connection's current
   * transaction, that the table is as planned. The caller must have begun that transaction and
   * stream from it. A ticket without a partition gets its SQL back unchanged.
   */
  static String partitionSql(DuckDBConnection connection, QueryTicket ticket) throws SQLException {
    PartitionSlice slice = ticket.partition();
    if (slice == null) {
      return ticket.sql();
    }
    SplitTable table = splittable(connection, ticket.sql()).orElseThrow(() -> CallStatus.INVALID_ARGUMENT
        .withDescription("the ticket names a partition, but its query cannot be split by partitions")
        .toRuntimeException());
    TableState now = stateOf(connection, table);
    if (now.oid() != slice.tableOid() || now.rows() != slice.tableRows() || now.maxRowid() != slice.tableMaxRowid()) {
      throw CallStatus.UNAVAILABLE
          .withDescription("table '" + table.name() + "' changed between planning the partitions and streaming"
              + " partition " + slice.index() + " of " + slice.of() + " (rows " + slice.tableRows() + " -> "
              + now.rows() + ", largest rowid " + slice.tableMaxRowid() + " -> " + now.maxRowid()
              + "); get the FlightInfo again and retry")
          .toRuntimeException();
    }
    return "WITH " + SqlIdentifiers.quote(table.name()) + " AS NOT MATERIALIZED (SELECT * FROM " + table.qualified()
        + " WHERE rowid >= " + slice.rowidFrom() + " AND rowid < " + slice.rowidTo() + ")\n" + ticket.sql();
  }

  /**
   * The SQL a DoGet of {@code ticket} streams on {@code connection}: the ticket's SQL, or for a
   * partition its slice, checked in a transaction begun here (unless {@code inTransaction}: a
   * read-only caller's connection already is) that the caller then streams from; closing the
   * connection ends it.
   */
  static String sqlToStream(DuckDBConnection connection, QueryTicket ticket, boolean inTransaction)
      throws SQLException {
    if (ticket.partition() == null) {
      return ticket.sql();
    }
    if (!inTransaction) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN TRANSACTION");
      }
    }
    return partitionSql(connection, ticket);
  }

  static Optional<SplitTable> splittable(DuckDBConnection connection, String sql) throws SQLException {
    JsonNode parsed = parse(connection, sql);
    if (parsed == null || parsed.path("error").asBoolean(true) || parsed.path("statements").size() != 1) {
      return Optional.empty();
    }
    JsonNode node = parsed.path("statements").get(0).path("node");
    if (!"SELECT_NODE".equals(node.path("type").asText())
        || node.path("modifiers").size() != 0
        || node.path("cte_map").path("map").size() != 0
        || node.path("group_expressions").size() != 0
        || node.path("group_sets").size() != 0
        || !"STANDARD_HANDLING".equals(node.path("aggregate_handling").asText())
        || !node.path("having").isNull()
        || !node.path("qualify").isNull()
        || !node.path("sample").isNull()) {
      return Optional.empty();
    }
    JsonNode from = node.path("from_table");
    if (!"BASE_TABLE".equals(from.path("type").asText())
        || !from.path("sample").isNull()
        || !from.path("at_clause").isNull()
        || !from.path("schema_name").asText().isEmpty()
        || !from.path("catalog_name").asText().isEmpty()) {
      return Optional.empty();
    }
    Set<String> functions = new HashSet<>();
    if (!rowWise(node.path("select_list"), functions) || !rowWise(node.path("where_clause"), functions)) {
      return Optional.empty();
    }
    if (!functions.isEmpty() && callsNonScalar(connection, functions)) {
      return Optional.empty();
    }
    return baseTable(connection, from.path("table_name").asText());
  }

  /** False on anything that is not computed from one row: subqueries, window functions, lambdas' captures are fine. */
  private static boolean rowWise(JsonNode expression, Set<String> functions) {
    if (expression.isObject()) {
      String kind = expression.path("class").asText();
      if ("SUBQUERY".equals(kind) || "WINDOW".equals(kind)) {
        return false;
      }
      if ("FUNCTION".equals(kind)) {
        functions.add(expression.path("function_name").asText().toLowerCase(java.util.Locale.ROOT));
      }
    }
    for (JsonNode child : expression) {
      if (!rowWise(child, functions)) {
        return false;
      }
    }
    return true;
  }

  private static boolean callsNonScalar(DuckDBConnection connection, Set<String> functions) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(NON_SCALAR_FUNCTIONS)) {
      while (rs.next()) {
        if (functions.contains(rs.getString(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<SplitTable> baseTable(DuckDBConnection connection, String name) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT table_name, database_name, schema_name FROM duckdb_tables()"
            + " WHERE database_name = current_database() AND schema_name = current_schema() AND NOT temporary"
            + " AND lower(table_name) = lower(?)")) {
      query.setString(1, name);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String table = rs.getString(1);
        return Optional.of(new SplitTable(table, SqlIdentifiers.quote(rs.getString(2)) + "."
            + SqlIdentifiers.quote(rs.getString(3)) + "." + SqlIdentifiers.quote(table)));
      }
    }
  }

  static TableState stateOf(DuckDBConnection connection, SplitTable table) throws SQLException {
    long oid;
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT table_oid FROM duckdb_tables() WHERE database_name = current_database()"
            + " AND schema_name = current_schema() AND NOT temporary AND table_name = ?")) {
      query.setString(1, table.name());
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          throw CallStatus.UNAVAILABLE.withDescription("table '" + table.name()
              + "' was dropped after the partitions were planned; get the FlightInfo again").toRuntimeException();
        }
        oid = rs.getLong(1);
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*), coalesce(min(rowid), 0), coalesce(max(rowid), -1)"
            + " FROM " + table.qualified())) {
      rs.next();
      return new TableState(oid, rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  private static JsonNode parse(DuckDBConnection connection, String sql) throws SQLException {
    try (PreparedStatement parse = connection.prepareStatement(PARSE)) {
      parse.setString(1, sql);
      try (ResultSet rs = parse.executeQuery()) {
        rs.next();
        return WireJson.MAPPER.readTree(rs.getString(1));
      }
    } catch (IOException e) {
      return null;
    }
  }
}
