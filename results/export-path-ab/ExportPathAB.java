import java.sql.*;
import java.util.*;
import dev.mallard.arrow.DuckDbOpener;
import org.duckdb.*;
import org.apache.arrow.memory.*;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Issue 16's "in-process export ≥ 1.7× today's", interleaved: the export 6e314ea's QueryExport made (a
 * PreparedStatement's result as an Arrow stream) against today's (a plain Statement's), on one loaded
 * table in one JVM, DuckDB on 2 threads as BaselineBenchmark's local database, taking turns, who goes
 * first alternating. Args: PARQUET PAIRS.
 */
public class ExportPathAB {
  static double export(DuckDBConnection c, boolean prepared, BufferAllocator al) throws Exception {
    String sql = "SELECT * FROM flights";
    long t0 = System.nanoTime();
    long rows = 0;
    try (Statement s = prepared ? c.prepareStatement(sql) : c.createStatement();
         DuckDBResultSet rs = (DuckDBResultSet) (prepared ? ((PreparedStatement) s).executeQuery() : s.executeQuery(sql));
         ArrowReader rd = (ArrowReader) rs.arrowExportStream(al, 122880)) {
      while (rd.loadNextBatch()) rows += rd.getVectorSchemaRoot().getRowCount();
    }
    if (rows != 24_000_000L) throw new IllegalStateException("rows " + rows);
    return (System.nanoTime() - t0) / 1e6;
  }

  public static void main(String[] a) throws Exception {
    int pairs = Integer.parseInt(a[1]);
    try (DuckDBConnection db = DuckDbOpener.inMemory().streamResults().memoryLimit("6GB").threads(2).openInMemory();
         BufferAllocator al = new RootAllocator()) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE flights AS SELECT * FROM read_parquet('" + a[0].replace("'", "''") + "')");
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        double prepared, plain;
        if (i % 2 == 0) { prepared = export(db, true, al); plain = export(db, false, al); }
        else { plain = export(db, false, al); prepared = export(db, true, al); }
        boolean warm = i >= 3;
        if (warm) ratios.add(prepared / plain);
        System.out.printf("%2d prepared %6.0f ms  plain %6.0f ms  speed-up %.3f%s%n", i, prepared, plain, prepared / plain, warm ? "" : " (warm-up)");
      }
      Collections.sort(ratios);
      System.out.println("plain over prepared, speed: median " + ratios.get(ratios.size() / 2) + " sorted " + ratios);
    }
  }
}
