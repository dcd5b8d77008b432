package dev.mallard.server;

import dev.mallard.auth.AuthSetup;
import dev.mallard.auth.Role;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightProducer.StreamListener;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * The per-call path every Flight call of a server takes, plain and Flight SQL alike, actions and
 * transfers included: a child allocator admitted against the server's Arrow memory limit, a DuckDB
 * connection of its own, the caller's access checked by one {@link AccessGuard}, failures mapped by
 * {@link StatusMapping}; and what every call reads, the server's settings and read-ahead pool.
 * Call names ({@code get-7}, {@code sql-ingest-8}) come from one counter for the whole server, so
 * a leak report names one call.
 */
final class ServerCalls {
  private final DuckDbDatabase database;
  private final BufferAllocator root;
  private final CallMemory memory;
  private final AccessGuard guard;
  private final ServerConfig config;
  private final ExecutorService readAhead;
  private final AtomicLong callIds = new AtomicLong();

  ServerCalls(DuckDbDatabase database, BufferAllocator root, CallMemory memory, AuthSetup auth, ServerConfig config,
      ExecutorService readAhead) {
    this.database = database;
    this.root = root;
    this.memory = memory;
    this.guard = new AccessGuard(auth);
    this.config = config;
    this.readAhead = readAhead;
  }

  DuckDbDatabase database() {
    return database;
  }

  ServerConfig config() {
    return config;
  }

  /** The server's bounded pool for streams that read ahead (see {@link BatchStreamer}). */
  ExecutorService readAhead() {
    return readAhead;
  }

  AccessGuard guard() {
    return guard;
  }

  boolean readOnly(CallContext context) {
    return guard.accessOf(context) == Role.READONLY;
  }

  /** A connection alone, for calls that move no Arrow data (metadata, actions). */
  DuckDBConnection connect() throws SQLException {
    return database.connect();
  }

  /** Work a unary call does on its connection. */
  @FunctionalInterface
  interface OnConnection<T> {
    T apply(DuckDBConnection connection) throws Exception;
  }

  /** A unary call on a connection of its own: its answer, or its failure thrown as its Flight status. */
  <T> T answer(OnConnection<T> work) {
    return StatusMapping.answer(() -> {
      try (DuckDBConnection connection = connect()) {
        return work.apply(connection);
      }
    });
  }

  /** An allocator alone; refused (RESOURCE_EXHAUSTED) while the server's calls hold its Arrow memory limit. */
  CallAllocator allocator(String kind) {
    return new CallAllocator(root, name(kind), memory);
  }

  /** A call's allocator and connection; refused like {@link #allocator} when memory is short. */
  ServerCall open(String kind) throws SQLException {
    return ServerCall.open(allocator(kind), database);
  }

  /** {@link #open}, then lets {@code sql} through for this caller or refuses it (see {@link AccessGuard#checkQuery}). */
  ServerCall query(String kind, CallContext context, String sql) throws SQLException {
    ServerCall call = open(kind);
    try {
      guard.checkQuery(context, call.connection(), sql);
      return call;
    } catch (SQLException | RuntimeException e) {
      try {
        call.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * Ends a DoPut with one metadata message. Its few bytes are not admitted against the memory
   * limit: a PUT that committed must not be reported as failed for want of them.
   */
  void acknowledge(StreamListener<PutResult> ackStream, String kind, byte[] bytes) {
    try (CallAllocator calls = new CallAllocator(root, name(kind), memory, false)) {
      ArrowBuf metadata = calls.get().buffer(Math.max(1, bytes.length));
      metadata.writeBytes(bytes);
      try (PutResult result = PutResult.metadata(metadata)) {
        ackStream.onNext(result);
      }
    }
    ackStream.onCompleted();
  }

  private String name(String kind) {
    return kind + "-" + callIds.incrementAndGet();
  }
}
