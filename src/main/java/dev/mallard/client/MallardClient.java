package dev.mallard.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mallard.arrow.DictionaryColumns;
import dev.mallard.arrow.FlightCompression;
import dev.mallard.arrow.FlightStreamReader;
import dev.mallard.arrow.IpcCompression;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.ReadyGate;
import dev.mallard.arrow.SentCompression;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.StreamStats;
import dev.mallard.wire.ExchangeCommand;
import dev.mallard.wire.FlightUpload;
import dev.mallard.wire.MallardAction;
import dev.mallard.wire.PutCommand;
import dev.mallard.wire.QueryTicket;
import dev.mallard.wire.TransferRequest;
import dev.mallard.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A Mallard client: GET, PUT, TRANSFER (relay or direct), EXCHANGE and the table actions. Every
 * operation streams; none holds more than a few batches.
 */
public final class MallardClient implements AutoCloseable {
  private final FlightClient flight;
  private final BufferAllocator allocator;
  private final Location location;
  private final BearerToken bearer;
  private final CallOption[] credentials;
  private volatile IpcCompression compression = IpcCompression.NONE;

  private MallardClient(FlightClient flight, BufferAllocator allocator, Location location, BearerToken bearer,
      CallOption[] credentials) {
    this.flight = flight;
    this.allocator = allocator;
    this.location = location;
    this.bearer = bearer;
    this.credentials = credentials;
  }

  /** Connects without credentials (a server without {@code --auth}). */
  public static MallardClient connect(Location location, BufferAllocator allocator) {
    return connect(location, allocator, (ClientTls) null);
  }

  /** Connects without credentials over {@code grpc+tls}, trusting what {@code tls} says. */
  public static MallardClient connect(Location location, BufferAllocator allocator, ClientTls tls) {
    return new MallardClient(builder(location, allocator, tls).build(), allocator, location, null, new CallOption[0]);
  }

  /** Connects and logs in with Basic credentials; later calls carry the bearer token the server issues. */
  public static MallardClient connect(Location location, BufferAllocator allocator, String user, String password) {
    return connect(location, allocator, null, user, password);
  }

  /** Same, over {@code grpc+tls} trusting what {@code tls} says (null: Flight's defaults for the location). */
  public static MallardClient connect(Location location, BufferAllocator allocator, ClientTls tls, String user,
      String password) {
    BearerToken bearer = new BearerToken();
    FlightClient flight = builder(location, allocator, tls).intercept(bearer).build();
    try {
      flight.handshake(new CredentialCallOption(new BasicAuthCredentialWriter(user, password)));
    } catch (RuntimeException e) {
      closeQuietly(flight);
      throw e;
    }
    if (bearer.token() == null) {
      closeQuietly(flight);
      throw CallStatus.UNAUTHENTICATED.withDescription("server at " + location.getUri() + " issued no bearer token")
          .toRuntimeException();
    }
    CallOption token = new CredentialCallOption(new BearerCredentialWriter(bearer.token()));
    return new MallardClient(flight, allocator, location, bearer, new CallOption[] {token});
  }

  private static FlightClient.Builder builder(Location location, BufferAllocator allocator, ClientTls tls) {
    return tls == null ? FlightClient.builder(allocator, location) : tls.builder(allocator, location);
  }

  public Location location() {
    return location;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  /**
   * Compresses what later calls send (PUT and EXCHANGE input) and asks the server to compress what
   * it sends back (GET, EXCHANGE output, a direct TRANSFER's upload). For slow networks: on
   * loopback or a fast LAN the CPU it costs outweighs the bytes it saves. Default {@code NONE}.
   */
  public MallardClient setCompression(IpcCompression compression) {
    this.compression = compression;
    return this;
  }

  public IpcCompression compression() {
    return compression;
  }

  /** This client's credentials, plus the compression header when it compresses. */
  private CallOption[] dataCallOptions() {
    if (compression == IpcCompression.NONE) {
      return credentials;
    }
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(IpcCompression.HEADER, compression.wireName());
    return plus(credentials, new HeaderCallOption(headers));
  }

  /** An exchange's options: the data call's, and a read-ahead of a few batches (see {@link ExchangeReadAhead}). */
  private CallOption[] exchangeCallOptions() {
    return plus(dataCallOptions(), ExchangeReadAhead.INSTANCE);
  }

  private static CallOption[] plus(CallOption[] options, CallOption another) {
    CallOption[] all = Arrays.copyOf(options, options.length + 1);
    all[options.length] = another;
    return all;
  }

  /** The query's result as a stream of batches, in the server's default batch size. Close it when done. */
  public FlightStream get(String sql) {
    return flight.getStream(QueryTicket.of(sql).toTicket(), dataCallOptions());
  }

  /** Same, with this call's batch size. */
  public FlightStream get(String sql, int batchSize) {
    return flight.getStream(QueryTicket.of(sql).withBatchSize(batchSize).toTicket(), dataCallOptions());
  }

  /** Runs a GET and reads every batch, handing each to {@code onBatch} while it is valid. */
  public StreamStats get(String sql, int batchSize, Consumer<VectorSchemaRoot> onBatch) throws Exception {
    StreamStats.Counter counter = new StreamStats.Counter();
    try (FlightStream stream = batchSize > 0 ? get(sql, batchSize) : get(sql)) {
      while (stream.next()) {
        counter.add(stream.getRoot());
        onBatch.accept(stream.getRoot());
      }
    }
    return counter.finish();
  }

  /** How {@link #get(String, int, int, GetOrder, Consumer)} hands over the batches of several partitions. */
  public enum GetOrder {
    /**
     * Every endpoint's batches in endpoint order (for a table: rowid order), on the calling thread,
     * one batch at a time. All streams are opened at once, so every partition's server works ahead
     * while earlier ones are read, each bounded by its read-ahead and gRPC's flow control.
     */
    ENDPOINT_ORDER,
    /**
     * Each endpoint read on a thread of its own, batches handed over as they arrive: {@code onBatch}
     * is called from several threads at once and must be thread-safe. The fastest way.
     */
    UNORDERED
  }

  /**
   * A partitioned GET: asks the server for {@code partitions} endpoints (0: as many as the server
   * chooses; a query the server cannot split gets one) and reads them all concurrently, handing
   * each batch to {@code onBatch} while it is valid, in the given {@code order}. The first failure of
   * any partition cancels the others and is thrown.
   *
   * @param batchSize rows per batch; 0 for the server's default
   * @return stats of every partition together ({@code batches} counts all of them)
   */
  public StreamStats get(String sql, int batchSize, int partitions, GetOrder order, Consumer<VectorSchemaRoot> onBatch)
      throws Exception {
    QueryTicket command = QueryTicket.of(sql);
    if (batchSize > 0) {
      command = command.withBatchSize(batchSize);
    }
    if (partitions > 0) {
      command = command.withPartitions(partitions);
    }
    List<FlightEndpoint> endpoints = flight.getInfo(FlightDescriptor.command(command.toBytes()), credentials)
        .getEndpoints();
    return new PartitionedGet(endpoints, ticket -> flight.getStream(ticket, dataCallOptions()))
        .read(order, onBatch);
  }

  /**
   * Uploads {@code source} into {@code table}; the server commits only when every batch arrived.
   * Takes ownership of nothing: the caller closes {@code source}. Every batch is copied into gRPC's
   * buffers, which is safe for any reader; see the overload for readers that need no copy.
   */
  public StreamStats put(String table, ArrowReader source, PutMode mode) throws IOException, InterruptedException {
    return put(table, source, mode, false);
  }

  /**
   * Same, and when {@code freshBuffers} is true the batches go on the wire without a copy. Only for
   * readers that load every batch into newly allocated buffers, such as DuckDB's Arrow export
   * ({@code QueryExport}) or a {@code FlightStream}; a reader that refills its buffers in place
   * would change data gRPC has not sent yet.
   */
  public StreamStats put(String table, ArrowReader source, PutMode mode, boolean freshBuffers)
      throws IOException, InterruptedException {
    return FlightUpload.upload(flight, new PutCommand(table, mode), source, freshBuffers, compression,
        () -> false, credentials);
  }

  /**
   * TRANSFER through this client: a GET from this server streamed batch by batch into a PUT on
   * {@code target}. The data crosses the network twice; use {@link #transferDirect} to avoid it.
   */
  public StreamStats transferRelay(MallardClient target, String query, String targetTable, PutMode mode,
      int batchSize) throws Exception {
    try (FlightStream source = batchSize > 0 ? get(query, batchSize) : get(query)) {
      FlightStreamReader reader = new FlightStreamReader(allocator, source);
      // a FlightStream loads every batch into fresh buffers, so zero-copy is safe here
      return FlightUpload.upload(target.flight, new PutCommand(targetTable, mode), reader, true,
          target.compression, () -> false, target.credentials);
    }
  }

  /**
   * TRANSFER straight from this server to {@code target}: this server runs the query and pushes
   * the result to the target itself. If this client logged in to the target, its token goes along.
   */
  public StreamStats transferDirect(MallardClient target, String query, String targetTable, PutMode mode,
      int batchSize) {
    return transferDirect(target, query, targetTable, mode, batchSize, 1);
  }

  /**
   * Same, as {@code partitions} streams side by side (0: the source server's default; a query the
   * server cannot split goes as one). The target table still changes all or nothing: the partitions
   * land in staging tables on the target, written into {@code targetTable} in one final transaction.
   */
  public StreamStats transferDirect(MallardClient target, String query, String targetTable, PutMode mode,
      int batchSize, int partitions) {
    TransferRequest request = TransferRequest.of(query, target.location, targetTable, mode);
    if (partitions != 1) {
      request = request.withPartitions(partitions);
    }
    if (batchSize > 0) {
      request = request.withBatchSize(batchSize);
    }
    if (target.bearer != null && target.bearer.token() != null) {
      request = request.withToken(target.bearer.token());
    }
    return StreamStats.fromMap(action(MallardAction.TRANSFER.action(request.toBytes()),
        new TypeReference<Map<String, Object>>() {}));
  }

  /**
   * Streams {@code source} through a server-side exchanger and hands every result batch to
   * {@code onBatch}, reading while it writes. {@code command} is an exchanger name, a JSON object
   * {@code {"exchanger": ..., params}}, or SQL (see {@link ExchangeCommand}, whose {@code text()} builds one).
   *
   * @return stats of what came back
   */
  public StreamStats exchange(String command, ArrowReader source, Consumer<VectorSchemaRoot> onBatch)
      throws Exception {
    return exchange(command, source, false, onBatch);
  }

  /**
   * Same, sending {@code source}'s batches without a copy when {@code freshBuffers} is true (see
   * {@link #put(String, ArrowReader, PutMode, boolean)} for which readers qualify).
   */
  public StreamStats exchange(String command, ArrowReader source, boolean freshBuffers,
      Consumer<VectorSchemaRoot> onBatch) throws Exception {
    StreamStats.Counter received = new StreamStats.Counter();
    AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    AtomicBoolean readingDone = new AtomicBoolean();
    try (FlightClient.ExchangeReaderWriter call =
        flight.doExchange(FlightDescriptor.command(command.getBytes(StandardCharsets.UTF_8)), exchangeCallOptions())) {
      FlightClient.ClientStreamListener writer = call.getWriter();
      VectorSchemaRoot root = source.getVectorSchemaRoot();
      writer.setUseZeroCopy(freshBuffers);
      // dictionaries go out once, with the schema: a reader knows them once it has read a batch
      boolean dictionaryEncoded = DictionaryColumns.present(root.getSchema());
      boolean firstLoaded = dictionaryEncoded && source.loadNextBatch();
      boolean empty = dictionaryEncoded && !firstLoaded;
      writer.start(root, source);
      SentCompression compressing = FlightCompression.compressSent(writer, root, compression);
      Thread pump = new Thread(() -> {
        try {
          ReadyGate gate = new ReadyGate(writer);
          boolean loaded = firstLoaded;
          while (!empty && (loaded || source.loadNextBatch())) {
            loaded = false;
            if (!gate.awaitReady(readingDone::get)) {
              return;
            }
            writer.putNext();
            compressing.sent(root.getRowCount());
          }
          writer.completed();
        } catch (Throwable t) {
          writeFailure.set(t);
          writer.error(t);
        }
      }, "mallard-exchange-writer");
      pump.setDaemon(true);
      pump.start();
      RuntimeException readFailure = null;
      try {
        FlightStream reader = call.getReader();
        while (reader.next()) {
          received.add(reader.getRoot());
          onBatch.accept(reader.getRoot());
        }
      } catch (RuntimeException e) {
        readFailure = e;
      } finally {
        readingDone.set(true);
        pump.join();
      }
      // a failed input cancels the call, so the reader only sees CANCELLED: report the cause
      if (writeFailure.get() != null) {
        IOException failure = new IOException("sending the exchange input failed: " + writeFailure.get(),
            writeFailure.get());
        if (readFailure != null) {
          failure.addSuppressed(readFailure);
        }
        throw failure;
      }
      if (readFailure != null) {
        throw readFailure;
      }
      call.getResult();
    }
    return received.finish();
  }

  /** Row count and order-independent content checksum of a table, computed by the server. */
  public TableChecksum checksumTable(String table) throws Exception {
    return checksumQuery("SELECT * FROM " + SqlIdentifiers.quote(table));
  }

  /** Row count and order-independent content checksum of a query's result, computed by the server. */
  public TableChecksum checksumQuery(String query) throws Exception {
    try (FlightStream stream = get(TableChecksum.sqlFor(query))) {
      if (!stream.next() || stream.getRoot().getRowCount() != 1) {
        throw new IllegalStateException("checksum query returned no row");
      }
      VectorSchemaRoot root = stream.getRoot();
      long rows = ((BigIntVector) root.getVector("row_count")).get(0);
      String checksum = new String(((VarCharVector) root.getVector("checksum")).get(0), StandardCharsets.UTF_8);
      return new TableChecksum(rows, checksum);
    }
  }

  public Map<String, Object> health() {
    return action(MallardAction.HEALTH.action(), new TypeReference<Map<String, Object>>() {});
  }

  public List<Map<String, Object>> listTables() {
    return action(MallardAction.LIST_TABLES.action(), new TypeReference<List<Map<String, Object>>>() {});
  }

  public void dropTable(String table) {
    action(MallardAction.DROP_TABLE.action(new MallardAction.DropTable(table).toBytes()),
        new TypeReference<Map<String, Object>>() {});
  }

  public List<Map<String, String>> listExchangers() {
    return action(MallardAction.LIST_EXCHANGERS.action(), new TypeReference<List<Map<String, String>>>() {});
  }

  private <T> T action(org.apache.arrow.flight.Action action, TypeReference<T> answer) {
    Iterator<Result> results = flight.doAction(action, dataCallOptions());
    if (!results.hasNext()) {
      throw new IllegalStateException("action '" + action.getType() + "' returned nothing");
    }
    byte[] bytes = results.next().getBody();
    while (results.hasNext()) {
      results.next();
    }
    return WireJson.read(bytes, answer, "the answer to action '" + action.getType() + "'");
  }

  /** The raw Flight client, for calls Mallard does not wrap. */
  public FlightClient flight() {
    return flight;
  }

  public CallOption[] credentials() {
    return credentials.clone();
  }

  @Override
  public void close() throws InterruptedException {
    flight.close();
  }

  private static void closeQuietly(FlightClient client) {
    try {
      client.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
