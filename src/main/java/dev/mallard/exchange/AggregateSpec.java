package dev.mallard.exchange;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code aggregate} exchanger's parameters, checked against the input schema:
 * {@code {"group_by": ["k"], "aggregates": [{"fn": "sum", "column": "x", "as": "total"}]}}.
 * Column names are resolved to the schema's spelling (exactly, else case-insensitively).
 */
record AggregateSpec(List<String> groupBy, List<Aggregate> aggregates) {
  private static final Set<String> AGGREGATE_KEYS = Set.of("fn", "column", "as");

  enum Fn {
    SUM, COUNT, MIN, MAX, AVG;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static String accepted() {
      return "sum, count, min, max, avg";
    }
  }

  /** One output column: {@code fn(column) AS alias}; {@code column} is null for count(*). */
  record Aggregate(Fn fn, String column, String alias) {}

  static AggregateSpec parse(Map<String, Object> params, Schema schema) {
    List<String> available = schema.getFields().stream().map(Field::getName).collect(Collectors.toList());
    List<String> missing = new ArrayList<>();

    List<String> groupBy = new ArrayList<>();
    for (String name : stringList(params.get("group_by"), "group_by")) {
      String resolved = resolve(name, available);
      if (resolved == null) {
        missing.add(name);
      } else if (groupBy.contains(resolved)) {
        throw new IllegalArgumentException("group_by lists column '" + resolved + "' twice");
      } else {
        groupBy.add(resolved);
      }
    }

    Object rawAggregates = params.get("aggregates");
    if (!(rawAggregates instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(
          "parameter 'aggregates' is required: a non-empty list of {\"fn\": \"" + Fn.accepted().replace(", ", "|")
              + "\", \"column\": \"X\", \"as\": \"alias\"}, got " + describe(rawAggregates));
    }
    List<Aggregate> aggregates = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "aggregates[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw new IllegalArgumentException(where + " must be an object {\"fn\": ..., \"column\": ..., \"as\": ...}, got "
            + describe(list.get(i)));
      }
      for (Object key : entry.keySet()) {
        if (!AGGREGATE_KEYS.contains(String.valueOf(key))) {
          throw new IllegalArgumentException(where + " has unknown key '" + key + "'; use fn, column and as");
        }
      }
      Fn fn = parseFn(entry.get("fn"), where);
      String column = optionalString(entry.get("column"), where + ".column");
      if (column == null && fn != Fn.COUNT) {
        throw new IllegalArgumentException(where + ": " + fn.wireName() + " needs a \"column\" (only count may omit it)");
      }
      if (column != null) {
        String resolved = resolve(column, available);
        if (resolved == null) {
          missing.add(column);
          continue;
        }
        column = resolved;
        if ((fn == Fn.SUM || fn == Fn.AVG) && !isNumeric(schema.findField(column).getType())) {
          throw new IllegalArgumentException(where + ": " + fn.wireName() + " needs a numeric column, but '" + column
              + "' is " + schema.findField(column).getType());
        }
      }
      String alias = optionalString(entry.get("as"), where + ".as");
      if (alias == null) {
        alias = column == null ? "count" : fn.wireName() + "_" + column;
      }
      aggregates.add(new Aggregate(fn, column, alias));
    }

    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("unknown column" + (missing.size() > 1 ? "s " : " ")
          + missing.stream().map(m -> "'" + m + "'").collect(Collectors.joining(", "))
          + "; the input has: " + String.join(", ", available));
    }
    Set<String> outputNames = new LinkedHashSet<>();
    for (String key : groupBy) {
      outputNames.add(key.toLowerCase(Locale.ROOT));
    }
    for (Aggregate aggregate : aggregates) {
      if (!outputNames.add(aggregate.alias().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("output column '" + aggregate.alias()
            + "' appears twice; give each aggregate a distinct \"as\" that is not a group_by column");
      }
    }
    return new AggregateSpec(List.copyOf(groupBy), List.copyOf(aggregates));
  }

  private static Fn parseFn(Object raw, String where) {
    if (!(raw instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException(where + ".fn is required: one of " + Fn.accepted() + ", got " + describe(raw));
    }
    try {
      return Fn.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": unknown fn '" + name + "'; use one of " + Fn.accepted(), e);
    }
  }

  private static List<String> stringList(Object raw, String param) {
    if (raw == null) {
      return List.of();
    }
    if (raw instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String s) || s.isBlank()) {
          throw new IllegalArgumentException("parameter '" + param + "' must be a list of column names, but it holds "
              + describe(item));
        }
        out.add(s);
      }
      return out;
    }
    throw new IllegalArgumentException("parameter '" + param + "' must be a list of column names, got " + describe(raw));
  }

  private static String optionalString(Object raw, String where) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(where + " must be a non-empty string, got " + describe(raw));
    }
    return s;
  }

  /** The schema's spelling of {@code name}: exact match, else the only case-insensitive one. */
  private static String resolve(String name, List<String> available) {
    if (available.contains(name)) {
      return name;
    }
    List<String> matches = available.stream().filter(a -> a.equalsIgnoreCase(name)).collect(Collectors.toList());
    return matches.size() == 1 ? matches.get(0) : null;
  }

  private static boolean isNumeric(ArrowType type) {
    return type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint || type instanceof ArrowType.Decimal;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    String type = value instanceof Map ? "an object" : value instanceof List ? "a list"
        : value instanceof String ? "a string" : value instanceof Number ? "a number"
        : value instanceof Boolean ? "a boolean" : value.getClass().getSimpleName();
    return type + " (" + value + ")";
  }
}
