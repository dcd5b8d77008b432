package dev.mallard.wire;

import dev.mallard.arrow.PutMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;

/**
 * The one PutResult a Mallard server sends when a PUT commits: its application metadata is
 * {@code {"table": t, "mode": m, "rows": n, "batches": b}}.
 */
public record PutOutcome(String table, PutMode mode, long rows, long batches) {

  public byte[] toBytes() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", table);
    json.put("mode", mode.wireName());
    json.put("rows", rows);
    json.put("batches", batches);
    return WireJson.bytes(json);
  }

  public static PutOutcome parse(byte[] metadata) {
    Map<String, Object> json = WireJson.object(Utf8Text.decode(metadata, "PUT result"), "PUT result");
    String table = WireJson.string(json, "table", "PUT result");
    try {
      PutMode mode = PutMode.parse(String.valueOf(json.getOrDefault("mode", "append")));
      return new PutOutcome(table, mode, count(json, "rows"), count(json, "batches"));
    } catch (IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("PUT result: " + e.getMessage()).toRuntimeException();
    }
  }

  /**
   * The row count in a PUT result's metadata, or -1 when there is none to read: a server other than
   * Mallard may send no metadata, or metadata of its own.
   */
  public static long rowsIn(byte[] metadata) {
    if (metadata == null || metadata.length == 0) {
      return -1;
    }
    try {
      Object rows = WireJson.object(Utf8Text.decode(metadata, "PUT result"), "PUT result").get("rows");
      return rows instanceof Number ? ((Number) rows).longValue() : -1;
    } catch (RuntimeException notOurs) {
      return -1;
    }
  }

  private static long count(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException("\"" + key + "\" must be a number");
    }
    return ((Number) value).longValue();
  }
}
