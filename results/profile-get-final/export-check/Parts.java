import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import org.apache.arrow.memory.*;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.*;

public class Parts {
  static RootAllocator alloc = new RootAllocator();
  static long read(DuckDBConnection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); DuckDBResultSet rs = s.executeQuery(sql).unwrap(DuckDBResultSet.class);
         ArrowReader r = (ArrowReader) rs.arrowExportStream(alloc, 122880)) {
      long n = 0; while (r.loadNextBatch()) n += r.getVectorSchemaRoot().getRowCount(); return n;
    }
  }
  static void threads(DuckDBConnection c, int n) throws Exception { try (Statement s = c.createStatement()) { s.execute("SET threads=" + n); } }
  static double parts(DuckDBConnection db, int count, int th, long max) throws Exception {
    threads(db, th);
    ExecutorService ex = Executors.newFixedThreadPool(count);
    long t0 = System.nanoTime();
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long from = max * i / count, to = max * (i + 1) / count;
      fs.add(ex.submit(() -> { try (DuckDBConnection d = (DuckDBConnection) db.duplicate()) {
        return read(d, "SELECT * FROM flights WHERE rowid >= " + from + " AND rowid < " + to); } }));
    }
    long n = 0; for (Future<Long> f : fs) n += f.get();
    double s = (System.nanoTime() - t0) / 1e9; ex.shutdown();
    if (n != max) throw new IllegalStateException("rows " + n);
    return n / s / 1e6;
  }
  static double one(DuckDBConnection db, int th, String where, long max) throws Exception {
    threads(db, th);
    long t0 = System.nanoTime(); long n = read(db, "SELECT * FROM flights" + where);
    if (n != max) throw new IllegalStateException("rows " + n);
    return n / ((System.nanoTime() - t0) / 1e9) / 1e6;
  }
  public static void main(String[] a) throws Exception {
    Properties p = new Properties(); p.setProperty("jdbc_stream_results", "true");
    DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement s = db.createStatement()) { s.execute("CREATE TABLE flights AS SELECT * FROM read_parquet('" + a[0] + "')"); }
    long max; try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM flights")) { rs.next(); max = rs.getLong(1); }
    Map<String, List<Double>> r = new LinkedHashMap<>();
    int reps = Integer.parseInt(a[1]);
    for (int i = 0; i < reps; i++) {
      r.computeIfAbsent("one t2", k -> new ArrayList<>()).add(one(db, 2, "", max));
      r.computeIfAbsent("one t2 rowid filter", k -> new ArrayList<>()).add(one(db, 2, " WHERE rowid >= 0 AND rowid < " + max, max));
      r.computeIfAbsent("one t1", k -> new ArrayList<>()).add(one(db, 1, "", max));
      r.computeIfAbsent("2 parts t1", k -> new ArrayList<>()).add(parts(db, 2, 1, max));
      r.computeIfAbsent("2 parts t2", k -> new ArrayList<>()).add(parts(db, 2, 2, max));
    }
    r.forEach((k, v) -> { List<Double> s = new ArrayList<>(v); Collections.sort(s);
      System.out.printf("%-22s median %6.2f M/s  all %s%n", k, s.get(s.size() / 2), v.stream().map(x -> String.format("%.1f", x)).toList()); });
  }
}
