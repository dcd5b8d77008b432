package dev.mallard.exchange;

import dev.mallard.arrow.RegisteredStream;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SqlIdentifiers;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A streaming group-by: {@code {"group_by": ["k"], "aggregates": [{"fn": "sum", "column": "x",
 * "as": "total"}]}}, with fn one of sum, count, min, max, avg ({@code count} without a column is
 * count(*)). Emits one row per group when the input ends.
 *
 * <p>Only partial aggregates are kept, never the input: each batch is reduced by DuckDB to one row
 * per group of that batch (avg as a sum and a count) and appended to a temporary state table, which
 * is re-aggregated by key whenever it has doubled since the last time. So the state stays under
 * about twice the number of groups, and the total work stays linear in the input.
 */
public final class AggregateExchanger implements Exchanger {
  /** The state is compacted no earlier than this many rows, so few-group inputs rarely pay for it. */
  static final long COMPACT_MIN_ROWS = 1 << 16;
  static final long OUTPUT_BATCH_ROWS = 1 << 16;

  @Override
  public String name() {
    return "aggregate";
  }

  @Override
  public String description() {
    return "Streaming group-by; emits one row per group at the end"
        + " (params: group_by [columns], aggregates [{fn: sum|count|min|max|avg, column, as}])";
  }

  @Override
  public ExchangeSession open(ExchangeContext context) {
    return new Session(context, AggregateSpec.parse(context.params(), context.inputSchema()));
  }

  /** The SQL of one aggregation: per batch (partial), state compaction (merge), and result (finish). */
  static final class Plan {
    private final AggregateSpec spec;
    private final String partialPrefix;

    Plan(AggregateSpec spec) {
      this.spec = spec;
      // partial columns sit beside the group keys in the state table: pick a prefix no key uses
      String prefix = "__p";
      while (startsWithIgnoreCase(spec.groupBy(), prefix)) {
        prefix = "_" + prefix;
      }
      this.partialPrefix = prefix;
    }

    String partial(String source) {
      List<String> columns = keys();
      for (int i = 0; i < spec.aggregates().size(); i++) {
        AggregateSpec.Aggregate aggregate = spec.aggregates().get(i);
        String column = aggregate.column() == null ? "*" : SqlIdentifiers.quote(aggregate.column());
        switch (aggregate.fn()) {
          case SUM -> columns.add("sum(" + column + ") AS " + sum(i));
          case COUNT -> columns.add("count(" + column + ") AS " + count(i));
          case MIN -> columns.add("min(" + column + ") AS " + min(i));
          case MAX -> columns.add("max(" + column + ") AS " + max(i));
          case AVG -> {
            columns.add("sum(" + column + ") AS " + sum(i));
            columns.add("count(" + column + ") AS " + count(i));
          }
        }
      }
      return select(columns, source);
    }

    /** Re-aggregates partials into partials of the same types (counts stay BIGINT). */
    String merge(String state) {
      List<String> columns = keys();
      for (int i = 0; i < spec.aggregates().size(); i++) {
        switch (spec.aggregates().get(i).fn()) {
          case SUM -> columns.add("sum(" + sum(i) + ") AS " + sum(i));
          case COUNT -> columns.add("sum(" + count(i) + ")::BIGINT AS " + count(i));
          case MIN -> columns.add("min(" + min(i) + ") AS " + min(i));
          case MAX -> columns.add("max(" + max(i) + ") AS " + max(i));
          case AVG -> {
            columns.add("sum(" + sum(i) + ") AS " + sum(i));
            columns.add("sum(" + count(i) + ")::BIGINT AS " + count(i));
          }
        }
      }
      return select(columns, state);
    }

    /** The final result, typed as DuckDB's own aggregate over the whole input would be. */
    String finish(String state) {
      List<String> columns = keys();
      for (int i = 0; i < spec.aggregates().size(); i++) {
        AggregateSpec.Aggregate aggregate = spec.aggregates().get(i);
        String alias = SqlIdentifiers.quote(aggregate.alias());
        switch (aggregate.fn()) {
          case SUM -> columns.add("sum(" + sum(i) + ") AS " + alias);
          case COUNT -> columns.add("coalesce(sum(" + count(i) + "), 0)::BIGINT AS " + alias);
          case MIN -> columns.add("min(" + min(i) + ") AS " + alias);
          case MAX -> columns.add("max(" + max(i) + ") AS " + alias);
          case AVG -> columns.add("sum(" + sum(i) + ")::DOUBLE / nullif(sum(" + count(i) + "), 0) AS " + alias);
        }
      }
      return select(columns, state);
    }

    private String select(List<String> columns, String source) {
      String sql = "SELECT " + String.join(", ", columns) + " FROM " + SqlIdentifiers.quote(source);
      return spec.groupBy().isEmpty() ? sql : sql + " GROUP BY " + String.join(", ", keys());
    }

    private List<String> keys() {
      List<String> keys = new ArrayList<>();
      for (String key : spec.groupBy()) {
        keys.add(SqlIdentifiers.quote(key));
      }
      return keys;
    }

    private String sum(int i) {
      return partialPrefix + i + "_sum";
    }

    private String count(int i) {
      return partialPrefix + i + "_count";
    }

    private String min(int i) {
      return partialPrefix + i + "_min";
    }

    private String max(int i) {
      return partialPrefix + i + "_max";
    }

    private static boolean startsWithIgnoreCase(List<String> names, String prefix) {
      String lower = prefix.toLowerCase(Locale.ROOT);
      return names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).startsWith(lower));
    }
  }

  private static final class Session implements ExchangeSession {
    private final ExchangeContext context;
    private final Plan plan;
    private final String id = SqlIdentifiers.uniqueName("");
    private final String inputView = "mallard_aggregate_input_" + id;
    private final String state = "mallard_aggregate_state_" + id;
    private boolean stateCreated;
    private long stateRows;
    private long rowsAfterCompaction;
    private long batches;

    Session(ExchangeContext context, AggregateSpec spec) {
      this.context = context;
      this.plan = new Plan(spec);
    }

    @Override
    public void onBatch(VectorSchemaRoot input, BatchSink output) throws SQLException {
      batches++;
      try {
        fold(input);
      } catch (SQLException e) {
        throw new IllegalArgumentException("aggregating input batch " + batches + " failed: " + e.getMessage(), e);
      }
    }

    private void fold(VectorSchemaRoot batch) throws SQLException {
      try (RegisteredStream view =
          RegisteredStream.register(context.connection(), context.allocator(), inputView, new OneBatchReader(context.allocator(), batch))) {
        String partial = plan.partial(inputView);
        String quotedState = SqlIdentifiers.quote(state);
        if (!stateCreated) {
          stateRows = update("CREATE TEMP TABLE " + quotedState + " AS " + partial);
          stateCreated = true;
        } else {
          stateRows += update("INSERT INTO " + quotedState + " " + partial);
        }
      }
      if (stateRows > Math.max(COMPACT_MIN_ROWS, 2 * rowsAfterCompaction)) {
        stateRows = update("CREATE OR REPLACE TEMP TABLE " + SqlIdentifiers.quote(state) + " AS " + plan.merge(state));
        rowsAfterCompaction = stateRows;
      }
    }

    @Override
    public void onEnd(BatchSink output) throws Exception {
      if (!stateCreated) {
        // no batches: fold an empty one, so the state (and the output) has its columns
        try (VectorSchemaRoot empty = context.emptyInput()) {
          fold(empty);
        }
      }
      try (QueryExport result = QueryExport.open(context.connection(), plan.finish(state), context.allocator(), OUTPUT_BATCH_ROWS)) {
        Batches.sendAll(result.reader(), output);
      }
    }

    private long update(String sql) throws SQLException {
      try (Statement statement = context.connection().createStatement()) {
        return statement.executeUpdate(sql);
      }
    }

    @Override
    public void close() throws SQLException {
      if (stateCreated) {
        update("DROP TABLE IF EXISTS " + SqlIdentifiers.quote(state));
      }
    }
  }
}
