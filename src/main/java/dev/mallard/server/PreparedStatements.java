package dev.mallard.server;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.CallStatus;

/**
 * The Flight SQL prepared statements clients hold open. A statement is only its SQL and shape:
 * every execution prepares it again on the call's own connection. Binding parameters yields a new
 * handle for exactly those values (the client executes that one), so a re-bind never changes what
 * an earlier handle, or a ticket made from it, returns; the statement's own handle means its latest
 * binding, for clients that keep using it.
 */
final class PreparedStatements {
  static final int MAX_OPEN = 10_000;
  private static final int MAX_BINDINGS_PER_STATEMENT = 64;
  private static final char BINDING_SEPARATOR = '#';

  /** One execution's worth: the statement and the parameter rows bound to it (empty when none). */
  record Bound(Statement statement, List<Object[]> rows) {}

  static final class Statement {
    final String owner;
    final String sql;
    final StatementShape shape;
    private final AtomicLong bindings = new AtomicLong();
    private volatile List<Object[]> latest = List.of();
    private volatile Instant lastUsed;
    private final Map<Long, List<Object[]>> bound = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, List<Object[]>> eldest) {
        return size() > MAX_BINDINGS_PER_STATEMENT;
      }
    };

    private Statement(String owner, String sql, StatementShape shape) {
      this.owner = owner;
      this.sql = sql;
      this.shape = shape;
    }
  }

  private final Map<String, Statement> open = new ConcurrentHashMap<>();
  private final Map<String, Integer> openPerOwner = new HashMap<>(); // guarded by this
  private final Clock clock;
  private final Duration idleTtl;
  private final int maxPerOwner;

  /**
   * @param idleTtl a statement no call used for this long is closed by the server
   * @param maxPerOwner how many statements one user may hold open
   */
  PreparedStatements(Clock clock, Duration idleTtl, int maxPerOwner) {
    this.clock = clock;
    this.idleTtl = idleTtl;
    this.maxPerOwner = maxPerOwner;
  }

  ByteString create(String owner, String sql, StatementShape shape) {
    closeIdle();
    String id = UUID.randomUUID().toString();
    Statement statement = new Statement(owner, sql, shape);
    statement.lastUsed = clock.instant();
    synchronized (this) {
      if (open.size() >= MAX_OPEN) {
        throw CallStatus.RESOURCE_EXHAUSTED
            .withDescription(MAX_OPEN + " prepared statements are open; close some before preparing more")
            .toRuntimeException();
      }
      int held = openPerOwner.getOrDefault(owner, 0);
      if (held >= maxPerOwner) {
        throw CallStatus.RESOURCE_EXHAUSTED
            .withDescription("the server's limit of " + maxPerOwner + " open prepared statements per user is reached"
                + (owner.isEmpty() ? "" : " for user '" + owner + "'") + "; close some (unused ones close after "
                + idle() + " idle), or raise --max-prepared-statements")
            .toRuntimeException();
      }
      openPerOwner.put(owner, held + 1);
      open.put(id, statement);
    }
    return ByteString.copyFromUtf8(id);
  }

  private String idle() {
    long seconds = idleTtl.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
  }

  /** Closes every statement idle for longer than the TTL, so abandoned ones do not pile up. */
  private void closeIdle() {
    Instant cutoff = clock.instant().minus(idleTtl);
    for (Map.Entry<String, Statement> entry : open.entrySet()) {
      if (entry.getValue().lastUsed.isBefore(cutoff)) {
        remove(entry.getKey());
      }
    }
  }

  private synchronized void remove(String id) {
    Statement removed = open.remove(id);
    if (removed != null) {
      openPerOwner.computeIfPresent(removed.owner, (owner, held) -> held == 1 ? null : held - 1);
    }
  }

  Bound find(ByteString handle, String owner) {
    String text = handle.toString(StandardCharsets.UTF_8);
    int separator = text.indexOf(BINDING_SEPARATOR);
    Statement statement = statement(separator < 0 ? text : text.substring(0, separator), owner);
    if (separator < 0) {
      return new Bound(statement, statement.latest);
    }
    List<Object[]> rows;
    synchronized (statement.bound) {
      rows = statement.bound.get(parseBinding(text.substring(separator + 1)));
    }
    if (rows == null) {
      throw CallStatus.NOT_FOUND
          .withDescription("those parameter values are no longer held (a statement keeps its last "
              + MAX_BINDINGS_PER_STATEMENT + " bindings); bind them again")
          .toRuntimeException();
    }
    return new Bound(statement, rows);
  }

  /** Keeps {@code rows} for the statement and returns the handle that executes with them. */
  ByteString bind(ByteString handle, String owner, List<Object[]> rows) {
    String text = handle.toString(StandardCharsets.UTF_8);
    int separator = text.indexOf(BINDING_SEPARATOR);
    String id = separator < 0 ? text : text.substring(0, separator);
    Statement statement = statement(id, owner);
    long binding = statement.bindings.incrementAndGet();
    synchronized (statement.bound) {
      statement.bound.put(binding, List.copyOf(rows));
    }
    statement.latest = List.copyOf(rows);
    return ByteString.copyFromUtf8(id + BINDING_SEPARATOR + binding);
  }

  void close(ByteString handle, String owner) {
    String text = handle.toString(StandardCharsets.UTF_8);
    int separator = text.indexOf(BINDING_SEPARATOR);
    String id = separator < 0 ? text : text.substring(0, separator);
    statement(id, owner);
    remove(id);
  }

  int size() {
    return open.size();
  }

  private Statement statement(String id, String owner) {
    Statement statement = open.get(id);
    // another user's handle is reported exactly like an unknown one
    if (statement == null || !statement.owner.equals(owner)) {
      throw CallStatus.NOT_FOUND
          .withDescription("no open prepared statement with that handle: it was closed, or never prepared here")
          .toRuntimeException();
    }
    Instant now = clock.instant();
    if (statement.lastUsed.isBefore(now.minus(idleTtl))) {
      remove(id);
      throw CallStatus.NOT_FOUND
          .withDescription("the prepared statement was closed after " + idle()
              + " idle (the server's limit); prepare it again")
          .toRuntimeException();
    }
    statement.lastUsed = now;
    return statement;
  }

  private static long parseBinding(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("malformed prepared statement handle").toRuntimeException();
    }
  }
}
