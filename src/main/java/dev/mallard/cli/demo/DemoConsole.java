package dev.mallard.cli.demo;

import dev.mallard.dataset.ConsoleProgress;
import java.io.PrintWriter;

/**
 * Where the demo talks: headings, verified / warning / failure lines, and progress bars. ANSI
 * colours and bars only on a terminal: in a file or a CI log they would be noise.
 */
public final class DemoConsole {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String DIM = "\u001b[2m";

  private final PrintWriter out;
  private final boolean fancy;

  public DemoConsole(PrintWriter out, boolean fancy) {
    this.out = out;
    this.fancy = fancy;
  }

  /** Colours and bars when this JVM writes to a terminal, unless the user said no. */
  public static boolean terminalAttached() {
    return System.console() != null;
  }

  public void heading(String text) {
    out.println();
    out.println(paint(BOLD, "== " + text + " =="));
    out.flush();
  }

  public void line(String text) {
    out.println(text);
    out.flush();
  }

  public void detail(String text) {
    out.println(paint(DIM, "  " + text));
    out.flush();
  }

  /** A check that passed: the word "verified" is what a reader (or a test) looks for. */
  public void verified(String text) {
    out.println(paint(GREEN, "  verified: ") + text);
    out.flush();
  }

  public void warning(String text) {
    out.println(paint(YELLOW, "  warning: ") + text);
    out.flush();
  }

  public void failure(String text) {
    out.println(paint(RED, "FAILED: ") + text);
    out.flush();
  }

  public void success(String text) {
    out.println(paint(GREEN + BOLD, text));
    out.flush();
  }

  /** A bar over {@code totalRows} rows, or a silent counter when not on a terminal. */
  public RowProgress progress(String task, long totalRows) {
    out.flush();
    return fancy ? RowProgress.bar(task, totalRows) : RowProgress.silent();
  }

  /** Progress for generating the dataset: the dataset package's bar on a terminal, nothing otherwise. */
  public ConsoleProgress generationProgress(String task) {
    out.flush();
    return fancy ? ConsoleProgress.forTask(task) : null;
  }

  private String paint(String colour, String text) {
    return fancy ? colour + text + RESET : text;
  }
}
