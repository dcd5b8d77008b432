package dev.mallard.server;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.mallard.arrow.FlightStreamReader;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SingleStatement;
import dev.mallard.arrow.TableIngest;
import dev.mallard.wire.QueryTicket;
import dev.mallard.wire.Utf8Text;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The Flight SQL face of a Mallard server's DuckDB database: what JDBC, ADBC and other Flight SQL
 * clients speak. Like the plain producer, every call gets its own DuckDB connection and its own
 * child allocator, query results stream batch by batch through {@link BatchStreamer}, writes go
 * through the same {@link AccessGuard} checks, and failures through {@link StatusMapping}.
 */
final class DuckDbFlightSqlProducer extends BasicFlightSqlProducer {

  private final ServerCalls calls;
  private final AccessGuard guard;
  private final ServerConfig config;
  private final PreparedStatements prepared;
  private final SqlInfoBuilder sqlInfo = ServerSqlInfo.build();

  private final ExecutorService readAhead;

  DuckDbFlightSqlProducer(ServerCalls calls) {
    this.calls = calls;
    this.guard = calls.guard();
    this.readAhead = calls.readAhead();
    this.config = calls.config();
    this.prepared = new PreparedStatements(config.clock(), config.preparedStatementTtl(),
        config.maxPreparedStatementsPerUser());
  }

  private static String owner(CallContext context) {
    return Objects.toString(context.peerIdentity(), "");
  }

  /** Describes {@code sql} for this caller: read-only callers must be sending SELECTs, as for GET. */
  private StatementShape describe(CallContext context, DuckDBConnection connection, String sql) throws Exception {
    guard.checkQuery(context, connection, sql);
    try (CallAllocator describing = calls.allocator("sql-describe")) {
      return StatementShape.describe(connection, sql, describing.get(), calls.readOnly(context));
    }
  }

  // ---- statements -------------------------------------------------------------------------

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    String sql = command.getQuery();
    return calls.answer(connection -> {
      StatementShape shape = describe(context, connection, sql);
      requireQuery(shape, sql);
      // the same partitions as a GET's FlightInfo; each handle is a Mallard ticket (bare SQL when whole)
      List<FlightEndpoint> endpoints = new java.util.ArrayList<>();
      for (QueryTicket part : PartitionPlanner.plan(connection, QueryTicket.of(sql), config.partitions(),
          config.batchSize())) {
        TicketStatementQuery ticket = TicketStatementQuery.newBuilder()
            .setStatementHandle(ByteString.copyFrom(part.toBytes())).build();
        endpoints.add(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray())));
      }
      return new FlightInfo(shape.dataset(), descriptor, endpoints, -1, -1);
    });
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return calls.answer(connection -> new SchemaResult(describe(context, connection, command.getQuery()).dataset()));
  }

  /**
   * The ticket's handle is the SQL itself, or a Mallard ticket naming one partition of it: nothing
   * to keep on the server between the two calls.
   */
  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    StatusMapping.streamTo(listener, () -> {
      QueryTicket handle = QueryTicket.parse(ticket.getStatementHandle().toByteArray());
      try (ServerCall call = calls.query("sql-get", context, handle.sql())) {
        String sql = PartitionPlanner.sqlToStream(call.connection(), handle, calls.readOnly(context));
        try (QueryExport export = QueryExport.open(call.connection(), sql, call.allocator(), config.batchSize())) {
          stream(export, listener, call.allocator());
        }
      }
    });
  }

  @Override
  public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context, FlightStream stream,
      StreamListener<PutResult> ackStream) {
    return StatusMapping.acking(ackStream, "Flight SQL update failed", () -> {
      guard.checkWrite(context, "run updates");
      // one statement, as for queries: DuckDB would run every statement of a longer text
      SingleStatement.require(command.getQuery());
      long count;
      try (DuckDBConnection connection = calls.connect(); Statement statement = connection.createStatement()) {
        count = statement.executeLargeUpdate(command.getQuery());
      }
      // no draining the stream first: FlightSqlClient.executeUpdate waits for this answer before it ends its half
      sendUpdateCount(ackStream, count);
    });
  }

  @Override
  public Runnable acceptPutStatementBulkIngest(CommandStatementIngest command, CallContext context,
      FlightStream stream, StreamListener<PutResult> ackStream) {
    return StatusMapping.acking(ackStream, "Flight SQL ingest failed", () -> {
      IngestTarget target = IngestTarget.of(command);
      guard.checkWrite(context, "write table '" + target.table() + "'");
      try (ServerCall call = calls.open("sql-ingest");
          TableLocks.Held lock = calls.database().tableLocks().forWrite(call.connection(), target.table(),
              target.mode())) {
        DuckDBConnection connection = call.connection();
        if (target.mustExist() && TableIngest.columnsOf(connection, target.table()).isEmpty()) {
          throw CallStatus.NOT_FOUND
              .withDescription("no table named '" + target.table() + "', and the ingest may not create it")
              .toRuntimeException();
        }
        long rows = new FlightStreamReader(call.allocator(), stream).ingestInto(connection, call.allocator(),
            target.table(), target.mode());
        sendUpdateCount(ackStream, rows);
      }
    });
  }

  // ---- prepared statements ----------------------------------------------------------------

  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    StatusMapping.answerTo(listener, () -> {
      StatementShape shape = calls.answer(connection -> describe(context, connection, request.getQuery()));
      ByteString handle = prepared.create(owner(context), request.getQuery(), shape);
      ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(handle)
          .setDatasetSchema(ByteString.copyFrom(StatementShape.serialize(shape.query() ? shape.dataset() : empty())))
          .setParameterSchema(ByteString.copyFrom(StatementShape.serialize(shape.parameters())))
          .build();
      listener.onNext(new Result(Any.pack(result).toByteArray()));
      listener.onCompleted();
    });
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    StatusMapping.answerTo(listener, () -> {
      prepared.close(request.getPreparedStatementHandle(), owner(context));
      listener.onCompleted();
    });
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return StatusMapping.answer(() -> {
      PreparedStatements.Statement statement = prepared.find(command.getPreparedStatementHandle(), owner(context))
          .statement();
      requireQuery(statement.shape, statement.sql);
      return new FlightInfo(statement.shape.dataset(), descriptor,
          List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
    });
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return StatusMapping.answer(() -> new SchemaResult(
        prepared.find(command.getPreparedStatementHandle(), owner(context)).statement().shape.dataset()));
  }

  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      ServerStreamListener listener) {
    StatusMapping.streamTo(listener, () -> {
      PreparedStatements.Bound bound = prepared.find(command.getPreparedStatementHandle(), owner(context));
      if (bound.rows().size() > 1) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription("a query takes one row of parameters; " + bound.rows().size() + " were bound")
            .toRuntimeException();
      }
      try (ServerCall call = calls.query("sql-get", context, bound.statement().sql)) {
        DuckDBConnection connection = call.connection();
        if (bound.rows().isEmpty() && bound.statement().shape.parameters().getFields().isEmpty()) {
          // nothing to bind: the fast export path, as for a statement query
          try (QueryExport export = QueryExport.open(connection, bound.statement().sql, call.allocator(), config.batchSize())) {
            stream(export, listener, call.allocator());
          }
          return;
        }
        // parameters need a JDBC prepared statement, whose export uses one core (see QueryExport)
        PreparedStatement statement = connection.prepareStatement(bound.statement().sql);
        try {
          if (!bound.rows().isEmpty()) {
            ParameterRows.bind(statement, bound.rows().get(0));
          }
        } catch (SQLException | RuntimeException e) {
          statement.close();
          throw e;
        }
        try (QueryExport export = QueryExport.open(statement, call.allocator(), config.batchSize())) {
          stream(export, listener, call.allocator());
        }
      }
    });
  }

  /** Parameters for a later query: kept under a handle of their own, which the client is sent back. */
  @Override
  public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command, CallContext context,
      FlightStream stream, StreamListener<PutResult> ackStream) {
    return StatusMapping.acking(ackStream, "binding parameters failed", () -> {
      ByteString handle = prepared.bind(command.getPreparedStatementHandle(), owner(context),
          ParameterRows.read(stream));
      send(ackStream, DoPutPreparedStatementResult.newBuilder().setPreparedStatementHandle(handle).build());
    });
  }

  /** Runs the update once per parameter row (once if none), all rows in one transaction. */
  @Override
  public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command, CallContext context,
      FlightStream stream, StreamListener<PutResult> ackStream) {
    return StatusMapping.acking(ackStream, "prepared update failed", () -> {
      guard.checkWrite(context, "run updates");
      PreparedStatements.Bound bound = prepared.find(command.getPreparedStatementHandle(), owner(context));
      List<Object[]> rows = ParameterRows.read(stream);
      long count = 0;
      try (DuckDBConnection connection = calls.connect();
          PreparedStatement statement = connection.prepareStatement(bound.statement().sql)) {
        if (rows.isEmpty()) {
          count = updateCount(statement.executeLargeUpdate());
        } else {
          connection.setAutoCommit(false);
          try {
            for (Object[] row : rows) {
              ParameterRows.bind(statement, row);
              count += updateCount(statement.executeLargeUpdate());
            }
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          }
        }
      }
      sendUpdateCount(ackStream, count);
    });
  }

  // ---- metadata ---------------------------------------------------------------------------

  @Override
  protected <T extends Message> List<FlightEndpoint> determineEndpoints(T request, FlightDescriptor descriptor,
      Schema schema) {
    // metadata requests are answered by the same command, sent back as the ticket
    return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
  }

  @Override
  public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context, ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.empty(Schemas.GET_TYPE_INFO_SCHEMA, calls, listener));
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.catalogs(connection, calls, listener));
  }

  @Override
  public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.schemas(connection, calls, command, listener));
  }

  @Override
  public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.tables(connection, calls, command, listener));
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.tableTypes(calls, listener));
  }

  @Override
  public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.primaryKeys(connection, calls, command, listener));
  }

  @Override
  public void getStreamExportedKeys(CommandGetExportedKeys command, CallContext context,
      ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, calls, listener));
  }

  @Override
  public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context,
      ServerStreamListener listener) {
    metadata(listener, (connection, calls) -> CatalogMetadata.empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, calls, listener));
  }

  @Override
  public void getStreamCrossReference(CommandGetCrossReference command, CallContext context,
      ServerStreamListener listener) {
    metadata(listener,
        (connection, calls) -> CatalogMetadata.empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, calls, listener));
  }

  @FunctionalInterface
  private interface MetadataCall {
    void run(DuckDBConnection connection, BufferAllocator calls) throws Exception;
  }

  private void metadata(ServerStreamListener listener, MetadataCall call) {
    StatusMapping.streamTo(listener, () -> {
      try (ServerCall metadata = calls.open("sql-metadata")) {
        call.run(metadata.connection(), metadata.allocator());
      }
    });
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private static Schema empty() {
    return new Schema(List.of());
  }

  private static void requireQuery(StatementShape shape, String sql) {
    if (!shape.query()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("the statement returns no rows; run it as an update (executeUpdate): " + abbreviate(sql))
          .toRuntimeException();
    }
  }

  private static String abbreviate(String sql) {
    String flat = sql.strip().replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }

  /** DuckDB reports -1 for statements that change no rows (DDL); JDBC callers expect 0. */
  private static long updateCount(long reported) {
    return Math.max(0, reported);
  }

  /** Streams like a plain GET, read-ahead included, so the two paths differ only in the Flight SQL round trip. */
  private void stream(QueryExport export, ServerStreamListener listener, BufferAllocator callAllocator)
      throws Exception {
    // plain batches: compression is asked for with Mallard's own header, which Flight SQL drivers do not send
    try (IdleWatch idle = new IdleWatch(config.idleTimeout())) {
      if (BatchStreamer.stream(export.reader(), listener, IpcCompression.NONE, config.prefetchBatches(), readAhead,
          callAllocator, idle) < 0) {
        BatchStreamer.cancelled(listener);
      }
    }
  }

  private void sendUpdateCount(StreamListener<PutResult> ackStream, long count) {
    send(ackStream, DoPutUpdateResult.newBuilder().setRecordCount(updateCount(count)).build());
  }

  private void send(StreamListener<PutResult> ackStream, Message message) {
    calls.acknowledge(ackStream, "sql-ack", message.toByteArray());
  }


  int openPreparedStatements() {
    return prepared.size();
  }

  @Override
  public void close() {
    // prepared statements hold no DuckDB resources: each execution prepares on its own connection
  }
}
