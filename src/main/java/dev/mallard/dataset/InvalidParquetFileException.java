package dev.mallard.dataset;

/** A file that is not a readable Parquet file; the message says why, in one line. */
public final class InvalidParquetFileException extends Exception {
  public InvalidParquetFileException(String message) {
    super(message);
  }

  public InvalidParquetFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
