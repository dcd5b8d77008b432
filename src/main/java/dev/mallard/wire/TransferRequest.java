package dev.mallard.wire;

import dev.mallard.arrow.PutMode;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Location;

/**
 * The body of the {@code transfer} action (direct TRANSFER): {@code {"query": sql | "source_table": t,
 * "target": "grpc://host:port", "target_table": t, "mode"?, "batch_size"?, "partitions"?, "token"? | "username"?,
 * "password"?}}. The server answers with the stream's stats ({@code StreamStats.toMap}).
 *
 * <p>To add a field: add a component, read it in {@link #parse} and write it in {@link #toBytes}
 * only when set; build instances with {@link #of} and the {@code with...} methods.
 *
 * @param query the SQL to run, or null when {@code sourceTable} names a table to send whole
 * @param batchSize null: the source server's default
 * @param partitions how many streams to send side by side (a query that cannot be split sends one);
 *     null: one, 0: the source server's default partitions
 * @param token a bearer token the target issued, or null
 * @param username with {@code password}: the source server logs in to the target with them; or null
 */
public record TransferRequest(String query, String sourceTable, Location target, String targetTable, PutMode mode,
    Integer batchSize, Integer partitions, String token, String username, String password) {

  public static TransferRequest of(String query, Location target, String targetTable, PutMode mode) {
    return new TransferRequest(query, null, target, targetTable, mode, null, null, null, null, null);
  }

  public TransferRequest withBatchSize(int rows) {
    return new TransferRequest(query, sourceTable, target, targetTable, mode, rows, partitions, token, username,
        password);
  }

  /** Sends {@code count} partitions side by side (0: the source server's default). */
  public TransferRequest withPartitions(int count) {
    if (count < 0 || count > QueryTicket.MAX_PARTITIONS) {
      throw new IllegalArgumentException("partitions must be between 0 and " + QueryTicket.MAX_PARTITIONS);
    }
    return new TransferRequest(query, sourceTable, target, targetTable, mode, batchSize, count, token, username,
        password);
  }

  public TransferRequest withToken(String bearerToken) {
    return new TransferRequest(query, sourceTable, target, targetTable, mode, batchSize, partitions, bearerToken,
        username, password);
  }

  public static TransferRequest parse(byte[] body) {
    Map<String, Object> json = WireJson.object(Utf8Text.decode(body, "transfer request"), "transfer request");
    String query = WireJson.optionalString(json, "query");
    String sourceTable = query == null ? WireJson.optionalString(json, "source_table") : null;
    if (query == null && sourceTable == null) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("transfer request needs \"query\" (SQL) or \"source_table\"")
          .toRuntimeException();
    }
    Location target = location(WireJson.string(json, "target", "transfer request"));
    String targetTable = WireJson.string(json, "target_table", "transfer request");
    PutMode mode;
    try {
      mode = PutMode.parse(String.valueOf(json.getOrDefault("mode", "append")));
    } catch (IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("transfer request: " + e.getMessage()).toRuntimeException();
    }
    Integer batchSize = WireJson.batchSize(json, "transfer request");
    Integer partitions = null;
    if (json.containsKey("partitions")) {
      Object value = json.get("partitions");
      if (!(value instanceof Integer) || (Integer) value < 0 || (Integer) value > QueryTicket.MAX_PARTITIONS) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("transfer request's partitions must be a whole number"
            + " between 0 and " + QueryTicket.MAX_PARTITIONS).toRuntimeException();
      }
      partitions = (Integer) value;
    }
    String token = WireJson.optionalString(json, "token");
    String username = WireJson.optionalString(json, "username");
    String password = username == null ? null : String.valueOf(json.getOrDefault("password", ""));
    return new TransferRequest(query, sourceTable, target, targetTable, mode, batchSize, partitions, token, username,
        password);
  }

  public byte[] toBytes() {
    Map<String, Object> json = new LinkedHashMap<>();
    putIfSet(json, "query", query);
    putIfSet(json, "source_table", sourceTable);
    json.put("target", target.getUri().toString());
    json.put("target_table", targetTable);
    json.put("mode", mode.wireName());
    putIfSet(json, "batch_size", batchSize);
    putIfSet(json, "partitions", partitions);
    putIfSet(json, "token", token);
    putIfSet(json, "username", username);
    putIfSet(json, "password", password);
    return WireJson.bytes(json);
  }

  private static void putIfSet(Map<String, Object> json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static Location location(String uri) {
    try {
      return new Location(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("transfer target '" + uri + "' is not a location like grpc://host:port")
          .toRuntimeException();
    }
  }
}
