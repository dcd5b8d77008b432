package dev.mallard.cli.demo;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Rows and megabytes moved so far, drawn as a bar (rows, rows/s and MB/s) when there is a terminal. */
public final class RowProgress implements AutoCloseable {
  private final ProgressBar bar;
  private final long start = System.nanoTime();
  private long rows;
  private long bytes;

  private RowProgress(ProgressBar bar) {
    this.bar = bar;
  }

  static RowProgress bar(String task, long totalRows) {
    return new RowProgress(new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(Math.max(1, totalRows))
        .setStyle(ProgressBarStyle.ASCII)
        // thousands: millions would show 2.4M rows as "2/2M"
        .setUnit("k rows", 1_000)
        .continuousUpdate()
        .build());
  }

  static RowProgress silent() {
    return new RowProgress(null);
  }

  /** One more batch went by. */
  public void add(long batchRows, long batchBytes) {
    rows += batchRows;
    bytes += batchBytes;
    if (bar != null) {
      bar.stepTo(rows);
      // both rates in one short message: an 80-column terminal leaves little room beside the bar
      bar.setExtraMessage(String.format(Locale.ROOT, " %.2fM rows/s %.0f MB/s", rowsPerSecond() / 1e6,
          megabytesPerSecond()));
    }
  }

  public long rows() {
    return rows;
  }

  public long bytes() {
    return bytes;
  }

  public double megabytesPerSecond() {
    double seconds = seconds();
    return seconds > 0 ? bytes / seconds / (1024.0 * 1024.0) : 0;
  }

  public double rowsPerSecond() {
    double seconds = seconds();
    return seconds > 0 ? rows / seconds : 0;
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
