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
  /** Each of the fork's DuckDB databases (two here, two servers) gets this much. */
  static final String MEMORY_LIMIT = "3GB";
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  LocalDatabases databases;
  long rows;

  @Setup(Level.Trial)
  public void load(DatasetState dataset) throws Exception {
    databases = new LocalDatabases(MEMORY_LIMIT, THREADS);
    databases.loadParquet(dataset.path, BenchmarkDefaults.TABLE);
    rows = dataset.expectedRows();
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    databases.close();
  }
}
