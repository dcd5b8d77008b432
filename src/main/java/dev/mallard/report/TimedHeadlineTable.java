package dev.mallard.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The README's headline table (see {@link HeadlineTable}) filled from plain wall-clock timings
 * instead of JMH results, for {@code mallard demo}. Same columns, same number formats.
 */
public final class TimedHeadlineTable {

  /** One operation: how long one whole-table move took, and how many rows it moved. */
  public record Row(String operation, double millis, long rows) {
    public double rowsPerSecond() {
      return millis > 0 ? rows * 1000.0 / millis : Double.NaN;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final long datasetRows;

  public TimedHeadlineTable(long datasetRows) {
    this.datasetRows = datasetRows;
  }

  public TimedHeadlineTable add(String operation, double millis, long rows) {
    this.rows.add(new Row(operation, millis, rows));
    return this;
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The table and the "N million rows processed" line, exactly as the README shows them. */
  public String toMarkdown() {
    MarkdownTable table = MarkdownTable.leftAligned(List.of("Operation", "Time (ms)", "Throughput (rows/sec)"));
    for (Row row : rows) {
      table.row(List.of(row.operation(), Formats.twoDecimals(row.millis()), Formats.grouped(row.rowsPerSecond())));
    }
    return table.render() + "\n*" + Formats.millions(datasetRows) + " million rows processed*\n";
  }
}
