package dev.mallard.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Two in-process DuckDB databases with the flights table loaded into the first: the data the
 * client side uploads (PUT, EXCHANGE input) and the stage for the no-network baselines.
 */
@State(Scope.Benchmark)
public class LocalPairState {
  /** Bytes a flights row takes in DuckDB's in-memory tables, with room to spare (about 37 in Arrow). */
  private static final long BYTES_PER_ROW = 64;
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  LocalDatabases databases;
  long rows;

  @Setup(Level.Trial)
  public void load(DatasetState dataset) throws Exception {
    databases = new LocalDatabases(memoryLimit(dataset.expectedRows()), THREADS);
    databases.loadParquet(dataset.path, BenchmarkDefaults.TABLE);
    rows = dataset.expectedRows();
  }

  /**
   * What each of the fork's DuckDB databases (two here, two servers) may use: 3 GB, or more when
   * the table would not fit (in-memory tables cannot spill), as at 96M rows.
   */
  static String memoryLimit(long rows) {
    long megabytes = Math.max(3L << 10, rows * BYTES_PER_ROW >> 20);
    return megabytes + "MB";
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    databases.close();
  }
}
