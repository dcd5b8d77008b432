package dev.mallard.dataset;

/** Hears how far a dataset generation has got. Called from a polling thread, never concurrently. */
@FunctionalInterface
public interface GenerationProgress {
  GenerationProgress NONE = (done, total) -> {};

  /** {@code done} rows of {@code total} are written; the last call, on success, has done == total. */
  void rowsWritten(long done, long total);
}
