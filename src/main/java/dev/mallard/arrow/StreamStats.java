package dev.mallard.arrow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** What one stream moved: rows, Arrow bytes, batches, and how long it took. */
public record StreamStats(long rows, long bytes, long batches, long elapsedNanos) {

  public double rowsPerSecond() {
    return elapsedNanos == 0 ? 0 : rows * 1e9 / elapsedNanos;
  }

  public double megabytesPerSecond() {
    return elapsedNanos == 0 ? 0 : bytes * 1e9 / elapsedNanos / (1024.0 * 1024.0);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("rows", rows);
    map.put("bytes", bytes);
    map.put("batches", batches);
    map.put("elapsed_ms", elapsedNanos / 1_000_000.0);
    return map;
  }

  public static StreamStats fromMap(Map<String, ?> map) {
    return new StreamStats(
        ((Number) map.get("rows")).longValue(),
        ((Number) map.get("bytes")).longValue(),
        ((Number) map.get("batches")).longValue(),
        (long) (((Number) map.get("elapsed_ms")).doubleValue() * 1_000_000));
  }

  /** Streams that ran side by side, as one: their rows, bytes and batches over the wall time they took together. */
  public static StreamStats combine(Iterable<StreamStats> parts, long elapsedNanos) {
    long rows = 0;
    long bytes = 0;
    long batches = 0;
    for (StreamStats part : parts) {
      rows += part.rows;
      bytes += part.bytes;
      batches += part.batches;
    }
    return new StreamStats(rows, bytes, batches, elapsedNanos);
  }

  /** The Arrow bytes a loaded batch occupies. */
  public static long bytesOf(VectorSchemaRoot batch) {
    long bytes = 0;
    for (FieldVector vector : batch.getFieldVectors()) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }

  /** Accumulates stats batch by batch. */
  public static final class Counter {
    private final long start = System.nanoTime();
    private long rows;
    private long bytes;
    private long batches;

    public void add(VectorSchemaRoot batch) {
      rows += batch.getRowCount();
      bytes += bytesOf(batch);
      batches++;
    }

    public long rows() {
      return rows;
    }

    public StreamStats finish() {
      return new StreamStats(rows, bytes, batches, System.nanoTime() - start);
    }
  }
}
