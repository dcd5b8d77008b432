package dev.mallard.cli.demo;

import java.time.temporal.ChronoUnit;
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
        .setUnit("M rows", 1_000_000)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
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
      bar.setExtraMessage(String.format(Locale.ROOT, "%.1f MB/s", megabytesPerSecond()));
    }
  }

  public long rows() {
    return rows;
  }

  public long bytes() {
    return bytes;
  }

  public double megabytesPerSecond() {
    double seconds = (System.nanoTime() - start) / 1e9;
    return seconds > 0 ? bytes / seconds / (1024.0 * 1024.0) : 0;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
