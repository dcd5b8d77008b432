package dev.mallard.dataset;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks that a table has the columns some piece of code reads, before any data flows, so a
 * user's own flights file that lacks one fails with its name rather than deep inside a query.
 * Names match exactly, as Arrow's {@code getVector(name)} does.
 */
public final class ColumnRequirements {
  private ColumnRequirements() {}

  /** The required names absent from {@code available}, in the order they were required. */
  public static List<String> missing(Collection<String> available, List<String> required) {
    Set<String> present = Set.copyOf(available);
    return required.stream().filter(name -> !present.contains(name)).distinct().toList();
  }

  public static List<String> missing(Schema schema, List<String> required) {
    return missing(schema.getFields().stream().map(Field::getName).toList(), required);
  }

  public static List<String> missing(ParquetFileReport file, List<String> required) {
    return missing(file.columnNames(), required);
  }

  /**
   * Throws when any required column is absent.
   *
   * @param what the table, as the user knows it, e.g. "flights file datasets/flights.parquet"
   * @param neededBy who needs the columns, e.g. "exchanger delay_histogram"
   * @throws IllegalArgumentException e.g. "flights file x.parquet lacks columns ARR_DELAY, CANCELLED needed by ..."
   */
  public static void require(Collection<String> available, List<String> required, String what, String neededBy) {
    List<String> absent = missing(available, required);
    if (!absent.isEmpty()) {
      throw new IllegalArgumentException(what + " lacks column" + (absent.size() == 1 ? " " : "s ")
          + absent.stream().collect(Collectors.joining(", ")) + " needed by " + neededBy);
    }
  }

  public static void require(Schema schema, List<String> required, String what, String neededBy) {
    require(schema.getFields().stream().map(Field::getName).toList(), required, what, neededBy);
  }

  public static void require(ParquetFileReport file, List<String> required, String neededBy) {
    require(file.columnNames(), required, "flights file " + file.file(), neededBy);
  }
}
