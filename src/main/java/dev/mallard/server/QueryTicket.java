package dev.mallard.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Ticket;

/**
 * What a DoGet ticket asks for. The wire contract of the original servers: the ticket is UTF-8 SQL.
 * A ticket that is a JSON object ({@code {"sql": "...", "batch_size": 65536}}) may also override the
 * batch size for this call; no SQL statement starts with '{', so the two never collide.
 */
record QueryTicket(String sql, int batchSize) {

  static QueryTicket parse(byte[] bytes, int defaultBatchSize) {
    String text = Utf8Text.decode(bytes, "ticket");
    if (text.isBlank()) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("ticket holds no SQL").toRuntimeException();
    }
    if (!text.stripLeading().startsWith("{")) {
      return new QueryTicket(text, defaultBatchSize);
    }
    Map<String, Object> json = WireJson.object(text, "ticket");
    String sql = WireJson.string(json, "sql", "a JSON ticket");
    Object batch = json.getOrDefault("batch_size", defaultBatchSize);
    if (!(batch instanceof Number)) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("ticket's batch_size must be a number").toRuntimeException();
    }
    try {
      return new QueryTicket(sql, ServerConfig.checkBatchSize(((Number) batch).longValue()));
    } catch (IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
    }
  }

  /** A ticket for this query; carries the batch size only when it differs from the server's. */
  static Ticket ticketFor(String sql, Integer batchSize) {
    if (batchSize == null) {
      return new Ticket(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sql", sql);
    json.put("batch_size", batchSize);
    return new Ticket(WireJson.bytes(json));
  }
}
