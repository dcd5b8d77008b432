package dev.mallard.server;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
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

  ByteString create(String owner, String sql, StatementShape shape) {
    if (open.size() >= MAX_OPEN) {
      throw CallStatus.RESOURCE_EXHAUSTED
          .withDescription(MAX_OPEN + " prepared statements are open; close some before preparing more")
          .toRuntimeException();
    }
    String id = UUID.randomUUID().toString();
    open.put(id, new Statement(owner, sql, shape));
    return ByteString.copyFromUtf8(id);
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
    open.remove(id);
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
