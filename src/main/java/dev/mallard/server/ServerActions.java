package dev.mallard.server;

import dev.mallard.exchange.ExchangerRegistry;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.TableIngest;
import dev.mallard.auth.AuthSetup;
import dev.mallard.wire.MallardAction;
import dev.mallard.wire.WireJson;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.Result;
import org.duckdb.DuckDBConnection;

/** DoAction: the small requests that are not data streams. Every answer is one JSON document. */
final class ServerActions {
  private final ServerCalls calls;
  private final ExchangerRegistry exchangers;
  private final AuthSetup auth;

  ServerActions(ServerCalls calls, ExchangerRegistry exchangers, AuthSetup auth) {
    this.calls = calls;
    this.exchangers = exchangers;
    this.auth = auth;
  }

  List<Result> run(CallContext context, Action action) throws Exception {
    switch (MallardAction.of(action.getType())) {
      case HEALTH:
        return json(health());
      case LIST_TABLES:
        return json(listTables());
      case DROP_TABLE:
        calls.guard().checkWrite(context, "drop tables");
        return json(dropTable(MallardAction.DropTable.parse(action.getBody()).table()));
      case LIST_EXCHANGERS:
        return json(listExchangers());
      case LOGOUT:
        return json(Map.of("logged_out", auth.logout(context)));
      case TRANSFER:
        // it makes this server connect out and write elsewhere: not for read-only callers
        calls.guard().checkWrite(context, "start transfers");
        return json(DirectTransfer.run(context, action.getBody(), calls).toMap());
      case COMMIT_STAGED:
        calls.guard().checkWrite(context, "write tables");
        return json(commitStaged(MallardAction.CommitStaged.parse(action.getBody())));
      default:
        throw new IllegalStateException("no handler for action " + action.getType());
    }
  }

  private Map<String, Object> health() throws SQLException {
    Map<String, Object> health = new LinkedHashMap<>();
    try (DuckDBConnection connection = calls.connect()) {
      health.put("status", "ok");
      health.put("mallard", MallardServer.version());
      health.put("duckdb", duckDbVersion(connection));
      health.put("tables", MallardProducer.tableNames(connection).size());
      health.put("batch_size", calls.config().batchSize());
    }
    return health;
  }

  private static String duckDbVersion(DuckDBConnection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet rs = statement.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private List<Map<String, Object>> listTables() throws SQLException {
    List<Map<String, Object>> tables = new ArrayList<>();
    try (DuckDBConnection connection = calls.connect(); Statement statement = connection.createStatement()) {
      for (String name : MallardProducer.tableNames(connection)) {
        try (var rs = statement.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quote(name))) {
          rs.next();
          Map<String, Object> table = new LinkedHashMap<>();
          table.put("name", name);
          table.put("rows", rs.getLong(1));
          tables.add(table);
        }
      }
    }
    return tables;
  }

  private Map<String, Object> dropTable(String table) throws SQLException, InterruptedException {
    try (DuckDBConnection connection = calls.connect();
        TableLocks.Held lock = calls.database().tableLocks().exclusive(table)) {
      if (TableIngest.columnsOf(connection, table).isEmpty()) {
        throw CallStatus.NOT_FOUND.withDescription("no table named '" + table + "'").toRuntimeException();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE " + SqlIdentifiers.quote(table));
      }
    }
    return Map.of("dropped", table);
  }

  private Map<String, Object> commitStaged(MallardAction.CommitStaged request) throws SQLException {
    try (DuckDBConnection connection = calls.connect()) {
      long rows = TableIngest.ingestStaged(connection, request.staging(), request.targetTable(), request.mode());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("table", request.targetTable());
      answer.put("mode", request.mode().wireName());
      answer.put("rows", rows);
      return answer;
    }
  }

  private List<Map<String, String>> listExchangers() {
    List<Map<String, String>> list = new ArrayList<>();
    for (ExchangerRegistry.Entry entry : exchangers.list()) {
      list.add(Map.of("name", entry.name(), "description", entry.description()));
    }
    return list;
  }

  private static List<Result> json(Object value) {
    return List.of(new Result(WireJson.bytes(value)));
  }
}
