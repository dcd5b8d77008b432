package dev.mallard.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured markdown table padded so the columns line up in the raw text too. */
final class MarkdownTable {
  enum Align { LEFT, RIGHT }

  private final List<String> headers;
  private final List<Align> aligns;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(List<String> headers, List<Align> aligns) {
    if (headers.size() != aligns.size()) {
      throw new IllegalArgumentException("one alignment per column");
    }
    this.headers = List.copyOf(headers);
    this.aligns = List.copyOf(aligns);
  }

  static MarkdownTable leftAligned(List<String> headers) {
    return new MarkdownTable(headers, headers.stream().map(h -> Align.LEFT).toList());
  }

  MarkdownTable row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
    }
    rows.add(cells.stream().map(c -> c.replace("|", "\\|")).toList());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  String render() {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    List<String> separators = new ArrayList<>();
    for (int c = 0; c < widths.length; c++) {
      separators.add(aligns.get(c) == Align.RIGHT ? "-".repeat(widths[c] - 1) + ":" : "-".repeat(widths[c]));
    }
    line(out, separators, widths);
    rows.forEach(r -> line(out, r, widths));
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      out.append(' ').append(aligns.get(c) == Align.RIGHT ? pad + cell : cell + pad).append(" |");
    }
    out.append('\n');
  }
}
