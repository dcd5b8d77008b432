package dev.mallard.dataset;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal, or nothing at all when output goes to a file or a pipe (a bar
 * redrawn with carriage returns would litter logs and CI output).
 */
public final class ConsoleProgress implements GenerationProgress, AutoCloseable {
  private final String task;
  private ProgressBar bar;

  private ConsoleProgress(String task) {
    this.task = task;
  }

  /** A bar titled {@code task} if this JVM has a console, otherwise {@link GenerationProgress#NONE}'s twin. */
  public static ConsoleProgress forTask(String task) {
    return new ConsoleProgress(task);
  }

  static boolean interactive() {
    return System.console() != null;
  }

  @Override
  public void rowsWritten(long done, long total) {
    if (!interactive()) {
      return;
    }
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit("M rows", 1_000_000)
          .showSpeed()
          .setSpeedUnit(ChronoUnit.SECONDS)
          .build();
    }
    bar.stepTo(done);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
