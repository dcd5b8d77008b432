package dev.mallard.arrow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Facts about dictionary-encoded columns (a pandas categorical, a DuckDB ENUM): Arrow Java keeps
 * them in memory as their indices, with the values in a {@link DictionaryProvider} beside the batch.
 */
public final class DictionaryColumns {
  private DictionaryColumns() {}

  /** Whether any field of {@code schema}, at any depth, is dictionary-encoded. */
  public static boolean present(Schema schema) {
    return !ids(schema).isEmpty();
  }

  /** Whether {@code field} or any field inside it is dictionary-encoded. */
  public static boolean present(Field field) {
    Set<Long> ids = new HashSet<>();
    collect(field, ids);
    return !ids.isEmpty();
  }

  /** The ids of every dictionary {@code schema}'s fields use, at any depth. */
  public static Set<Long> ids(Schema schema) {
    Set<Long> ids = new HashSet<>();
    for (Field field : schema.getFields()) {
      collect(field, ids);
    }
    return ids;
  }

  private static void collect(Field field, Set<Long> ids) {
    if (field.getDictionary() != null) {
      ids.add(field.getDictionary().getId());
    }
    for (Field child : field.getChildren()) {
      collect(child, ids);
    }
  }

  /**
   * {@code schema} as a client must be told it: a dictionary-encoded field typed by its values
   * (utf8), not by its in-memory indices. Schemas without dictionaries come back unchanged.
   */
  public static Schema messageFormat(Schema schema, DictionaryProvider dictionaries) {
    if (!present(schema)) {
      return schema;
    }
    List<Field> fields = new ArrayList<>(schema.getFields().size());
    Set<Long> used = new HashSet<>();
    for (Field field : schema.getFields()) {
      fields.add(DictionaryUtility.toMessageFormat(field, dictionaries, used));
    }
    return new Schema(fields, schema.getCustomMetadata());
  }

  /**
   * Refuses a batch whose indices point outside their dictionary. DuckDB's scan reads whatever an
   * index points at, so a bad index would read foreign memory; and Arrow Java's {@code FlightStream}
   * (18.3) loads a delta dictionary as a replacement, which shows up here as indices past its end.
   *
   * @throws IllegalArgumentException naming the column, the index and the dictionary's size
   */
  public static void requireIndicesInRange(VectorSchemaRoot batch, DictionaryProvider dictionaries) {
    for (FieldVector vector : batch.getFieldVectors()) {
      check(vector, dictionaries);
    }
  }

  private static void check(FieldVector vector, DictionaryProvider dictionaries) {
    DictionaryEncoding encoding = vector.getField().getDictionary();
    if (encoding != null) {
      Dictionary dictionary = dictionaries.lookup(encoding.getId());
      if (dictionary == null) {
        throw new IllegalArgumentException("column '" + vector.getName() + "' is dictionary-encoded but dictionary "
            + encoding.getId() + " was never sent");
      }
      int size = dictionary.getVector().getValueCount();
      BaseIntVector indices = (BaseIntVector) vector;
      for (int i = 0; i < vector.getValueCount(); i++) {
        if (!vector.isNull(i)) {
          long index = indices.getValueAsLong(i);
          if (index < 0 || index >= size) {
            throw new IllegalArgumentException("column '" + vector.getName() + "' has dictionary index " + index
                + " but its dictionary holds " + size + " values (delta dictionaries are not supported:"
                + " send the whole dictionary again when it grows)");
          }
        }
      }
    }
    for (FieldVector child : vector.getChildrenFromFields()) {
      check(child, dictionaries);
    }
  }
}
