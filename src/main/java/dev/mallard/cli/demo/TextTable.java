package dev.mallard.cli.demo;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A small result as an aligned text table, numbers right-aligned. It holds every cell, so it is
 * only for the few rows a person reads, never for a whole table.
 */
public final class TextTable {
  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> numeric = new ArrayList<>();
  private final List<List<Object>> rows = new ArrayList<>();

  /** Adds the batch's rows (the first batch also sets the columns). */
  public void add(VectorSchemaRoot batch) {
    if (headers.isEmpty()) {
      for (Field field : batch.getSchema().getFields()) {
        headers.add(field.getName());
        numeric.add(field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Int
            || field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint
            || field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Decimal);
      }
    }
    for (int r = 0; r < batch.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : batch.getFieldVectors()) {
        Object value = vector.getObject(r);
        // VarCharVector gives a reusable Text; keep the String
        row.add(value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
      }
      rows.add(row);
    }
  }

  public List<String> headers() {
    return List.copyOf(headers);
  }

  /** The cells as Java values: Integer, Long, Double, String, or null. */
  public List<List<Object>> rows() {
    return rows;
  }

  /** Each line indented by {@code indent}. */
  public String render(String indent) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<Object> row : rows) {
        widths[c] = Math.max(widths[c], text(row.get(c)).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, indent, headers.stream().map(h -> (Object) h).toList(), widths, false);
    out.append(indent).append('+');
    for (int width : widths) {
      out.append("-".repeat(width + 2)).append('+');
    }
    out.append('\n');
    for (List<Object> row : rows) {
      line(out, indent, row, widths, true);
    }
    return out.toString();
  }

  private void line(StringBuilder out, String indent, List<Object> cells, int[] widths, boolean alignNumbers) {
    out.append(indent).append('|');
    for (int c = 0; c < widths.length; c++) {
      String cell = text(cells.get(c));
      String pad = " ".repeat(widths[c] - cell.length());
      out.append(' ').append(alignNumbers && numeric.get(c) ? pad + cell : cell + pad).append(" |");
    }
    out.append('\n');
  }

  private static String text(Object value) {
    return value == null ? "NULL" : value.toString();
  }
}
