package dev.mallard.bench;

import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.StreamStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBConnection;

/**
 * The table split into {@code rowid} ranges the way the servers split it, each range read on a
 * connection of its own ({@code duplicate()}) on a thread of its own: the best an in-process reader
 * of the same database does with N streams.
 */
final class InProcessPartitions {
  private InProcessPartitions() {}

  /** One partition's work: export {@code sql} on {@code connection}, return what moved. */
  interface Work {
    StreamStats run(DuckDBConnection connection, String sql, int index) throws Exception;
  }

  static StreamStats run(DuckDBConnection database, String table, int count, Work work) throws Exception {
    long start = System.nanoTime();
    long min;
    long max;
    try (Statement statement = database.createStatement();
        ResultSet rs = statement.executeQuery("SELECT min(rowid), max(rowid) FROM " + table)) {
      rs.next();
      min = rs.getLong(1);
      max = rs.getLong(2);
    }
    long span = max - min + 1;
    ExecutorService threads = Executors.newFixedThreadPool(count);
    // A plain statement's export spreads over all of the database's threads, so N streams at full
    // threads would each fight for every core: N streams share the cores instead (issue 16 measured
    // two partitions at 1 thread each 23.7-24.6 M rows/s, four on the same 2 cores 21.4 M).
    setThreads(database, Math.max(1, LocalPairState.THREADS / count));
    try {
      List<Future<StreamStats>> parts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long from = min + span * i / count;
        long to = min + span * (i + 1) / count;
        String sql = "SELECT * FROM " + table + " WHERE rowid >= " + from + " AND rowid < " + to;
        int index = i;
        parts.add(threads.submit(() -> {
          try (DuckDBConnection connection = database.duplicate()) {
            return work.run(connection, sql, index);
          }
        }));
      }
      List<StreamStats> done = new ArrayList<>();
      for (Future<StreamStats> part : parts) {
        done.add(part.get());
      }
      return StreamStats.combine(done, System.nanoTime() - start);
    } finally {
      threads.shutdownNow();
      setThreads(database, LocalPairState.THREADS);
    }
  }

  private static void setThreads(DuckDBConnection database, int count) throws SQLException {
    try (Statement statement = database.createStatement()) {
      statement.execute("SET threads = " + count);
    }
  }

  static StreamStats export(DuckDBConnection connection, String sql, org.apache.arrow.memory.BufferAllocator allocator,
      int batchSize) throws SQLException, java.io.IOException {
    StreamStats.Counter counter = new StreamStats.Counter();
    try (QueryExport export = QueryExport.open(connection, sql, allocator, batchSize)) {
      while (export.reader().loadNextBatch()) {
        counter.add(export.reader().getVectorSchemaRoot());
      }
    }
    return counter.finish();
  }
}
