import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import dev.mallard.arrow.DuckDbOpener;
import org.duckdb.*;
import org.apache.arrow.memory.*;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Issue 16's in-process target, interleaved: one plain-statement stream of the flights table with DuckDB
 * on 2 threads (BaselineBenchmark.inProcessExport) against two rowid halves read at once on two
 * duplicate() connections with 1 thread each (inProcessExportPartitioned, partitions=2), taking turns in
 * one JVM, who goes first alternating. Args: PARQUET PAIRS.
 */
public class PartitionsAB {
  static long drain(DuckDBConnection c, String sql, BufferAllocator al) throws Exception {
    long rows = 0;
    try (Statement s = c.createStatement(); DuckDBResultSet rs = (DuckDBResultSet) s.executeQuery(sql);
         ArrowReader rd = (ArrowReader) rs.arrowExportStream(al, 122880)) {
      while (rd.loadNextBatch()) rows += rd.getVectorSchemaRoot().getRowCount();
    }
    return rows;
  }

  static void threads(DuckDBConnection c, int n) throws SQLException {
    try (Statement s = c.createStatement()) { s.execute("SET threads = " + n); }
  }

  static double oneStream(DuckDBConnection db, BufferAllocator al) throws Exception {
    threads(db, 2);
    long t0 = System.nanoTime();
    long rows = drain(db, "SELECT * FROM flights", al);
    if (rows != 24_000_000L) throw new IllegalStateException("rows " + rows);
    return (System.nanoTime() - t0) / 1e6;
  }

  static double twoPartitions(DuckDBConnection db, BufferAllocator al, ExecutorService pool, long n) throws Exception {
    threads(db, 1);
    long t0 = System.nanoTime();
    List<Future<Long>> parts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String sql = "SELECT * FROM flights WHERE rowid >= " + n * i / 2 + " AND rowid < " + n * (i + 1) / 2;
      parts.add(pool.submit(() -> { try (DuckDBConnection c = db.duplicate()) { return drain(c, sql, al); } }));
    }
    long rows = 0;
    for (Future<Long> f : parts) rows += f.get();
    if (rows != 24_000_000L) throw new IllegalStateException("rows " + rows);
    return (System.nanoTime() - t0) / 1e6;
  }

  public static void main(String[] a) throws Exception {
    int pairs = Integer.parseInt(a[1]);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (DuckDBConnection db = DuckDbOpener.inMemory().streamResults().memoryLimit("6GB").openInMemory();
         BufferAllocator al = new RootAllocator()) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE flights AS SELECT * FROM read_parquet('" + a[0].replace("'", "''") + "')");
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        double one, two;
        if (i % 2 == 0) { one = oneStream(db, al); two = twoPartitions(db, al, pool, 24_000_000L); }
        else { two = twoPartitions(db, al, pool, 24_000_000L); one = oneStream(db, al); }
        boolean warm = i >= 3;
        if (warm) ratios.add(one / two);
        System.out.printf("%2d one stream %6.0f ms  two partitions %6.0f ms  speed-up %.3f%s%n", i, one, two, one / two, warm ? "" : " (warm-up)");
      }
      Collections.sort(ratios);
      System.out.println("two partitions / one stream, speed: median " + ratios.get(ratios.size() / 2) + " sorted " + ratios);
    } finally {
      pool.shutdownNow();
    }
  }
}
