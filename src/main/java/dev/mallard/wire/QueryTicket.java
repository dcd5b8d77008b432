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
 * <p>Partitions: a GetFlightInfo command {@code {"sql": ..., "partitions": 4}} asks for (at most) that
 * many endpoints; each endpoint's ticket then carries its {@code "partition"} ({@link PartitionSlice}).
 *
 * @param batchSize null: the server's default
 * @param partitions how many partitions a GetFlightInfo command asks for; null: the server's choice
 * @param partition the one partition a DoGet ticket streams; null: the whole result
 */
public record QueryTicket(String sql, Integer batchSize, Integer partitions, PartitionSlice partition) {
  /** The most partitions a client may ask for. */
  public static final int MAX_PARTITIONS = 256;

  public QueryTicket(String sql, Integer batchSize) {
    this(sql, batchSize, null, null);
  }

  public static QueryTicket of(String sql) {
    return new QueryTicket(sql, null);
  }

  public QueryTicket withBatchSize(int rows) {
    return new QueryTicket(sql, rows, partitions, partition);
  }

  /** Asks GetFlightInfo for {@code count} partitions (1: one endpoint, the whole result). */
  public QueryTicket withPartitions(int count) {
    return new QueryTicket(sql, batchSize, checkPartitions(count), partition);
  }

  public QueryTicket withPartition(PartitionSlice slice) {
    return new QueryTicket(sql, batchSize, null, slice);
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
    Integer partitions = null;
    if (json.containsKey("partitions")) {
      Object value = json.get("partitions");
      if (!(value instanceof Integer)) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("ticket's partitions must be a whole number")
            .toRuntimeException();
      }
      partitions = checkPartitions((Integer) value);
    }
    PartitionSlice partition = json.containsKey("partition") ? PartitionSlice.fromJson(json.get("partition")) : null;
    return new QueryTicket(sql, WireJson.batchSize(json, "ticket"), partitions, partition);
  }

  private static int checkPartitions(int count) {
    if (count < 1 || count > MAX_PARTITIONS) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("ticket's partitions must be between 1 and " + MAX_PARTITIONS + ", got " + count)
          .toRuntimeException();
    }
    return count;
  }

  /** Bare SQL when nothing but SQL is asked for, so plain Flight clients and the original servers read it too. */
  public byte[] toBytes() {
    if (batchSize == null && partitions == null && partition == null) {
      return Utf8Text.encode(sql);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sql", sql);
    if (batchSize != null) {
      json.put("batch_size", batchSize);
    }
    if (partitions != null) {
      json.put("partitions", partitions);
    }
    if (partition != null) {
      json.put("partition", partition.toJson());
    }
    return WireJson.bytes(json);
  }

  public Ticket toTicket() {
    return new Ticket(toBytes());
  }
}
