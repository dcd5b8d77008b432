import java.sql.*;
import java.util.*;
import dev.mallard.arrow.DuckDbOpener;
import org.duckdb.*;
import org.apache.arrow.memory.*;
import org.apache.arrow.vector.ipc.ArrowReader;

public class StoreAB {
  static DuckDBConnection open(boolean compress) throws Exception {
    DuckDBConnection c = DuckDbOpener.inMemory().streamResults().memoryLimit("6GB").threads(2).openInMemory();
    try (Statement s = c.createStatement()) {
      if (compress) { s.execute("ATTACH ':memory:' AS cm (COMPRESS)"); s.execute("USE cm"); }
      long t0 = System.nanoTime();
      s.execute("CREATE TABLE flights AS SELECT * FROM read_parquet('/work/main/datasets/flights.parquet')");
      long t1 = System.nanoTime();
      if (compress) s.execute("CHECKPOINT");
      System.out.printf("compress=%s load %.0f ms checkpoint %.0f ms%n", compress, (t1-t0)/1e6, (System.nanoTime()-t1)/1e6);
    }
    return c;
  }
  static double export(DuckDBConnection c, BufferAllocator al) throws Exception {
    long t0 = System.nanoTime();
    try (Statement s = c.createStatement(); DuckDBResultSet rs = (DuckDBResultSet) s.executeQuery("SELECT * FROM flights");
         ArrowReader rd = (ArrowReader) rs.arrowExportStream(al, 122880)) {
      while (rd.loadNextBatch()) { }
    }
    return (System.nanoTime()-t0)/1e6;
  }
  public static void main(String[] a) throws Exception {
    int reps = Integer.parseInt(a[0]);
    DuckDBConnection plain = open(false), comp = open(true);
    List<Double> ratios = new ArrayList<>();
    try (BufferAllocator al = new RootAllocator()) {
      for (int i = 0; i < reps; i++) {
        boolean first = i % 2 == 0;
        double x = first ? export(plain, al) : export(comp, al);
        double y = first ? export(comp, al) : export(plain, al);
        double pl = first ? x : y, co = first ? y : x;
        if (i >= 3) ratios.add(co / pl);
        System.out.printf("%d plain %.0f compressed %.0f ratio %.3f%n", i, pl, co, co / pl);
      }
    }
    Collections.sort(ratios);
    System.out.println("median compressed/plain time " + ratios.get(ratios.size()/2) + " of " + ratios);
  }
}
