package dev.mallard.server;

import dev.mallard.exchange.ExchangerRegistry;
import dev.mallard.arrow.DictionaryDecoder;
import dev.mallard.arrow.FlightStreamReader;
import dev.mallard.auth.AuthSetup;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.TableIngest;
import dev.mallard.wire.ExchangeCommand;
import dev.mallard.wire.MallardAction;
import dev.mallard.wire.PutCommand;
import dev.mallard.wire.PutOutcome;
import dev.mallard.wire.QueryTicket;
import dev.mallard.exchange.ExchangeContext;
import dev.mallard.exchange.ExchangeSession;
import dev.mallard.exchange.Exchanger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The Flight face of one DuckDB database. Every call gets its own DuckDB connection and its own
 * child allocator, both closed when the call ends, however it ends.
 */
final class MallardProducer implements FlightProducer {

  private final ServerCalls calls;
  private final ServerConfig config;
  private final ExchangerRegistry exchangers;
  private final ServerActions actions;
  private final ExecutorService readAhead;

  MallardProducer(ServerCalls calls, ExchangerRegistry exchangers, AuthSetup auth) {
    this.calls = calls;
    this.readAhead = calls.readAhead();
    this.config = calls.config();
    this.exchangers = exchangers;
    this.actions = new ServerActions(calls, exchangers, auth);
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    StatusMapping.streamTo(listener, () -> {
      QueryTicket query = QueryTicket.parse(ticket.getBytes());
      try (ServerCall call = calls.query("get", context, query.sql())) {
        String sql = PartitionPlanner.sqlToStream(call.connection(), query, calls.readOnly(context));
        try (QueryExport export = QueryExport.open(call.connection(), sql, call.allocator(),
            query.batchSizeOr(config.batchSize()));
            IdleWatch idle = new IdleWatch(config.idleTimeout())) {
          if (BatchStreamer.stream(export.reader(), listener, ResponseCompression.of(context), config.prefetchBatches(),
              readAhead, call.allocator(), idle) < 0) {
            BatchStreamer.cancelled(listener);
          }
        }
      }
    });
  }

  @Override
  public Runnable acceptPut(CallContext context, FlightStream stream, StreamListener<PutResult> ackStream) {
    return StatusMapping.acking(ackStream, "PUT failed", () -> {
      try (IdleWatch idle = new IdleWatch(config.idleTimeout())) {
        try {
          put(context, stream, ackStream, idle);
        } catch (Exception failure) {
          throw idle.expired() ? idle.timedOut() : failure;
        }
      }
    });
  }

  private void put(CallContext context, FlightStream stream, StreamListener<PutResult> ackStream, IdleWatch idle)
      throws Exception {
    PutCommand target = PutCommand.parse(idle.awaitClient(stream::getDescriptor));
    calls.guard().checkWrite(context, "write table '" + target.table() + "'");
    try (ServerCall call = calls.open("put")) {
      FlightStreamReader reader = new FlightStreamReader(call.allocator(), stream, idle);
      long rows;
      try (TableLocks.Held lock = calls.database().tableLocks().forWrite(call.connection(), target.table(),
          target.mode())) {
        rows = reader.ingestInto(call.connection(), call.allocator(), target.table(), target.mode());
      }
      calls.acknowledge(ackStream, "put-ack",
          new PutOutcome(target.table(), target.mode(), rows, reader.batches()).toBytes());
    }
  }

  @Override
  public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
    try (IdleWatch idle = new IdleWatch(config.idleTimeout())) {
      try {
        exchange(context, reader, writer, idle);
      } catch (Throwable failure) {
        StatusMapping.reportTo(writer, idle.expired() ? idle.timedOut() : failure);
      }
    }
  }

  private void exchange(CallContext context, FlightStream reader, ServerStreamListener writer, IdleWatch idle)
      throws Exception {
    ExchangeCommand request = ExchangeCommand.parse(idle.awaitClient(reader::getDescriptor));
    if (request.sql() != null) {
      // the original servers' behaviour: a SQL command is run and its result streamed back
      getStream(context, QueryTicket.of(request.sql()).toTicket(), writer);
      return;
    }
    Exchanger exchanger = exchangers.get(request.exchanger());
    try (ServerCall call = calls.open("exchange")) {
      DuckDBConnection connection = call.connection();
      calls.guard().checkExchange(context, connection, request.params());
      // exchangers see plain columns: a bare root cannot carry dictionaries, and decoding each
      // batch with the dictionary it came with is right even when the sender replaces them
      try (DictionaryDecoder input = new DictionaryDecoder(idle.awaitClient(reader::getSchema),
          reader.getDictionaryProvider(), call.allocator())) {
        Schema inputSchema = input.decodedSchema();
        ExchangeContext exchangeContext = new ExchangeContext(request.params(), inputSchema, call.allocator(), connection);
        // the sink closes (its writer stopped, its spill file deleted) before the session and the allocator
        try (ExchangeSession session = exchanger.open(exchangeContext);
            ListenerSink sink = new ListenerSink(writer, call.allocator(), ResponseCompression.of(context),
                config.exchangeMemoryBytes(), config.spillDir(), readAhead, idle)) {
          while (idle.awaitClient(reader::next)) {
            session.onBatch(input.decode(reader.getRoot()), sink);
            idle.progress();
          }
          session.onEnd(sink);
          sink.complete(inputSchema);
        }
      }
    }
  }

  @Override
  public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    StatusMapping.answerTo(listener, () -> {
      try (DuckDBConnection connection = calls.connect()) {
        for (String table : tableNames(connection)) {
          listener.onNext(tableInfo(connection, table));
        }
      }
      listener.onCompleted();
    });
  }

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    return calls.answer(connection -> {
      if (!descriptor.isCommand()) {
        List<String> path = descriptor.getPath();
        if (path.size() != 1) {
          throw CallStatus.INVALID_ARGUMENT.withDescription("descriptor path must be one table name, got " + path)
              .toRuntimeException();
        }
        if (TableIngest.columnsOf(connection, path.get(0)).isEmpty()) {
          throw CallStatus.NOT_FOUND.withDescription("no table named '" + path.get(0) + "'").toRuntimeException();
        }
        return tableInfo(connection, path.get(0));
      }
      QueryTicket query = QueryTicket.parse(descriptor.getCommand());
      calls.guard().checkQuery(context, connection, query.sql());
      Schema schema = schemaOf(connection, query.sql(), calls.readOnly(context));
      return new FlightInfo(schema, descriptor, endpoints(connection, query), -1, -1);
    });
  }

  private FlightInfo tableInfo(DuckDBConnection connection, String table) throws Exception {
    String sql = "SELECT * FROM " + SqlIdentifiers.quote(table);
    long rows;
    try (Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quote(table))) {
      count.next();
      rows = count.getLong(1);
    }
    return new FlightInfo(schemaOf(connection, sql, false), FlightDescriptor.path(table),
        endpoints(connection, QueryTicket.of(sql)), -1, rows);
  }

  /** One endpoint per partition the planner makes of {@code query}; a client may fetch them concurrently. */
  private List<FlightEndpoint> endpoints(DuckDBConnection connection, QueryTicket query) throws SQLException {
    List<FlightEndpoint> endpoints = new ArrayList<>();
    for (QueryTicket ticket : PartitionPlanner.plan(connection, query, config.partitions(),
        query.batchSizeOr(config.batchSize()))) {
      endpoints.add(new FlightEndpoint(ticket.toTicket()));
    }
    return endpoints;
  }

  /** The result schema without running the query: DuckDB prepares it in a rolled-back transaction. */
  private Schema schemaOf(DuckDBConnection connection, String sql, boolean inTransaction) throws Exception {
    try (CallAllocator schema = calls.allocator("schema")) {
      StatementShape shape = StatementShape.describe(connection, sql, schema.get(), inTransaction);
      if (!shape.query()) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription("the statement returns no rows; a GET streams query results only")
            .toRuntimeException();
      }
      return shape.dataset();
    }
  }

  static List<String> tableNames(DuckDBConnection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = current_schema() AND NOT temporary"
                + " ORDER BY table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return Collections.unmodifiableList(names);
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    StatusMapping.answerTo(listener, () -> {
      for (Result result : actions.run(context, action)) {
        listener.onNext(result);
      }
      listener.onCompleted();
    });
  }

  @Override
  public void listActions(CallContext context, StreamListener<ActionType> listener) {
    for (MallardAction action : MallardAction.values()) {
      listener.onNext(action.actionType());
    }
    listener.onCompleted();
  }

}
