package dev.mallard.cli.demo;

import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Counts, over every batch of an exchange's output, the rows whose BOOLEAN column is true, false
 * or null, and the batches that lack the column altogether.
 */
final class FlagCheck {
  private final String column;
  private long trueRows;
  private long otherRows;
  private long batches;
  private long batchesWithoutColumn;

  FlagCheck(String column) {
    this.column = column;
  }

  void accept(VectorSchemaRoot batch) {
    batches++;
    FieldVector vector = batch.getVector(column);
    if (!(vector instanceof BitVector flag)) {
      batchesWithoutColumn++;
      otherRows += batch.getRowCount();
      return;
    }
    int rows = batch.getRowCount();
    for (int i = 0; i < rows; i++) {
      if (!flag.isNull(i) && flag.get(i) == 1) {
        trueRows++;
      } else {
        otherRows++;
      }
    }
  }

  long trueRows() {
    return trueRows;
  }

  /** Rows false or null, or in a batch without the column. */
  long otherRows() {
    return otherRows;
  }

  long batches() {
    return batches;
  }

  long batchesWithoutColumn() {
    return batchesWithoutColumn;
  }
}
