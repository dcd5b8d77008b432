package dev.mallard.bench;

import dev.mallard.dataset.FlightsDataset;
import dev.mallard.dataset.ParquetFileCheck;
import dev.mallard.dataset.ParquetFileReport;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The flights file the run measures: generated on first use (24M rows by default, or
 * {@code -p rows=2400000} for the quick set), or a user's own with {@code -p dataset=PATH}.
 */
@State(Scope.Benchmark)
public class DatasetState {
  @Param({"24000000"})
  public long rows;

  /** A Parquet file to use instead of the generated one; empty means generate. */
  @Param({""})
  public String dataset;

  Path path;
  ParquetFileReport file;

  @Setup(Level.Trial)
  public void prepare() throws Exception {
    if (dataset.isEmpty()) {
      path = generatedPath(rows);
      FlightsDataset.ensure(path, rows, FlightsDataset.DEFAULT_SEED);
    } else {
      path = Path.of(dataset);
    }
    file = ParquetFileCheck.read(path);
  }

  /** The generated file for a row count: the default one, or one named after its size. */
  public static Path generatedPath(long rows) {
    return rows == FlightsDataset.DEFAULT_ROWS
        ? FlightsDataset.DEFAULT_PATH
        : FlightsDataset.DEFAULT_PATH.resolveSibling("flights-" + rows + ".parquet");
  }

  /** Rows every whole-table operation must move. */
  long expectedRows() {
    return file.rows();
  }
}
