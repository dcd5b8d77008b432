package dev.mallard.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Ticket;

/**
 * What a DoGet ticket (and a GetFlightInfo command) asks for. The original servers' contract: the
 * ticket is UTF-8 SQL. A ticket that is a JSON object ({@code {"sql": "...", "batch_size": 65536}})
 * may also set the batch size for this call; no SQL statement starts with '{', so the two never
 * collide. A bare-SQL ticket is what every plain Flight client sends, so it stays the default form.
 *
 * <p>To add a field: add a component, read it in {@link #parse}, write it in {@link #toBytes} only
 * when set, and build instances through {@link #of} and {@code with...} so callers need not change.
 *
 * @param batchSize null: the server's default
 */
public record QueryTicket(String sql, Integer batchSize) {

  public static QueryTicket of(String sql) {
    return new QueryTicket(sql, null);
  }

  public QueryTicket withBatchSize(int rows) {
    return new QueryTicket(sql, rows);
  }

  /** This ticket's batch size, or {@code serverDefault} when it names none. */
  public int batchSizeOr(int serverDefault) {
    return batchSize != null ? batchSize : serverDefault;
  }

  public static QueryTicket parse(byte[] bytes) {
    String text = Utf8Text.decode(bytes, "ticket");
    if (text.isBlank()) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("ticket holds no SQL").toRuntimeException();
    }
    if (!text.stripLeading().startsWith("{")) {
      return of(text);
    }
    Map<String, Object> json = WireJson.object(text, "ticket");
    String sql = WireJson.string(json, "sql", "a JSON ticket");
    return new QueryTicket(sql, WireJson.batchSize(json, "ticket"));
  }

  /** Bare SQL when nothing but SQL is asked for, so plain Flight clients and the original servers read it too. */
  public byte[] toBytes() {
    if (batchSize == null) {
      return Utf8Text.encode(sql);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sql", sql);
    json.put("batch_size", batchSize);
    return WireJson.bytes(json);
  }

  public Ticket toTicket() {
    return new Ticket(toBytes());
  }
}
