package dev.mallard.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;

/**
 * One partition of a split query, as a ticket carries it: rows {@code rowid_from <= rowid < rowid_to}
 * of the query's one table, plus what the planner saw of that table ({@code table_oid},
 * {@code table_rows}, {@code table_max_rowid}), which each partition checks in its own transaction
 * before it streams, so that partitions of a table that changed in between fail instead of tearing.
 * Nothing in it is trusted: the server rebuilds the partition's SQL from the numbers.
 *
 * <p>Wire form: {@code {"index": 0, "of": 4, "rowid_from": 0, "rowid_to": 250000, "table_oid": 1234,
 * "table_rows": 1000000, "table_max_rowid": 999999}}.
 */
public record PartitionSlice(int index, int of, long rowidFrom, long rowidTo, long tableOid, long tableRows,
    long tableMaxRowid) {

  public PartitionSlice {
    if (of < 1 || index < 0 || index >= of || rowidFrom > rowidTo) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("ticket's partition is inconsistent: index " + index + " of " + of + ", rowids ["
              + rowidFrom + ", " + rowidTo + ")")
          .toRuntimeException();
    }
  }

  private static final List<String> KEYS =
      List.of("index", "of", "rowid_from", "rowid_to", "table_oid", "table_rows", "table_max_rowid");

  static PartitionSlice fromJson(Object value) {
    if (!(value instanceof Map)) {
      throw invalid("ticket's partition must be an object");
    }
    Map<?, ?> json = (Map<?, ?>) value;
    long[] v = KEYS.stream().mapToLong(key -> number(json, key)).toArray();
    return new PartitionSlice((int) v[0], (int) v[1], v[2], v[3], v[4], v[5], v[6]);
  }

  /** The wire form, in the order of {@link #fromJson}: the one list of names both directions use. */
  Map<String, Object> toJson() {
    long[] values = {index, of, rowidFrom, rowidTo, tableOid, tableRows, tableMaxRowid};
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < KEYS.size(); i++) {
      json.put(KEYS.get(i), values[i]);
    }
    return json;
  }

  private static long number(Map<?, ?> json, String key) {
    Object value = json.get(key);
    if (!(value instanceof Number) || value instanceof Double || value instanceof Float) {
      throw invalid("ticket's partition needs an integer \"" + key + "\"");
    }
    return ((Number) value).longValue();
  }

  private static RuntimeException invalid(String message) {
    return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
  }
}
