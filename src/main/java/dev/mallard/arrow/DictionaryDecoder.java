package dev.mallard.arrow;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Turns a stream's dictionary-encoded columns into plain ones, batch by batch, each with the
 * dictionary the sender gave it at that point: a dictionary replaced between batches decodes right.
 * For consumers that see a bare {@link VectorSchemaRoot} with no dictionaries beside it (an
 * exchanger). Plain columns pass through by reference; only the encoded ones are copied out, into
 * one root owned here and refilled for every batch.
 */
public final class DictionaryDecoder implements AutoCloseable {
  private final DictionaryProvider dictionaries;
  private final Schema decodedSchema;
  private final VectorSchemaRoot decoded;

  /**
   * @param schema the incoming schema as Arrow Java holds it in memory (encoded fields typed by index)
   * @param dictionaries where the current dictionaries are found when a batch is decoded
   * @throws IllegalArgumentException for a dictionary-encoded field nested in another (not supported)
   */
  public DictionaryDecoder(Schema schema, DictionaryProvider dictionaries, BufferAllocator allocator) {
    this.dictionaries = dictionaries;
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(decodedField(field, dictionaries));
    }
    this.decodedSchema = new Schema(fields, schema.getCustomMetadata());
    this.decoded = DictionaryColumns.present(schema) ? VectorSchemaRoot.create(decodedSchema, allocator) : null;
  }

  private static Field decodedField(Field field, DictionaryProvider dictionaries) {
    for (Field child : field.getChildren()) {
      if (DictionaryColumns.present(child)) {
        throw new IllegalArgumentException("column '" + field.getName()
            + "' has a dictionary-encoded field inside it; only top-level dictionary-encoded columns are supported");
      }
    }
    DictionaryEncoding encoding = field.getDictionary();
    if (encoding == null) {
      return field;
    }
    Dictionary dictionary = dictionaries.lookup(encoding.getId());
    if (dictionary == null) {
      throw new IllegalArgumentException("column '" + field.getName() + "' is dictionary-encoded but dictionary "
          + encoding.getId() + " was never sent");
    }
    Field values = dictionary.getVector().getField();
    return new Field(field.getName(),
        new FieldType(field.isNullable(), values.getType(), null, field.getMetadata()), values.getChildren());
  }

  /** The schema of what {@link #decode} returns: every column typed by its values. */
  public Schema decodedSchema() {
    return decodedSchema;
  }

  /**
   * {@code batch} with its dictionary-encoded columns decoded; {@code batch} itself if it has
   * none. The result is valid until the next call.
   *
   * @throws IllegalArgumentException if an index points outside its dictionary
   */
  public VectorSchemaRoot decode(VectorSchemaRoot batch) {
    if (decoded == null) {
      return batch;
    }
    DictionaryColumns.requireIndicesInRange(batch, dictionaries);
    int rows = batch.getRowCount();
    List<Field> plainFields = new ArrayList<>();
    List<FieldVector> plainIn = new ArrayList<>();
    List<FieldVector> plainOut = new ArrayList<>();
    for (int i = 0; i < batch.getFieldVectors().size(); i++) {
      FieldVector in = batch.getVector(i);
      FieldVector out = decoded.getVector(i);
      DictionaryEncoding encoding = in.getField().getDictionary();
      if (encoding == null) {
        plainFields.add(in.getField());
        plainIn.add(in);
        plainOut.add(out);
      } else {
        copyValues((BaseIntVector) in, dictionaries.lookup(encoding.getId()).getVector(), out, rows);
      }
    }
    if (!plainIn.isEmpty()) {
      // shared by reference count: the views are not closed, the vectors stay with their roots
      VectorSchemaRoot from = new VectorSchemaRoot(plainFields, plainIn, rows);
      VectorSchemaRoot to = new VectorSchemaRoot(plainOut.stream().map(FieldVector::getField).toList(), plainOut, 0);
      try (ArrowRecordBatch shared = new VectorUnloader(from).getRecordBatch()) {
        new VectorLoader(to).load(shared);
      }
    }
    decoded.setRowCount(rows);
    return decoded;
  }

  private static void copyValues(BaseIntVector indices, FieldVector values, FieldVector out, int rows) {
    out.clear();
    out.setInitialCapacity(rows);
    out.allocateNew();
    TransferPair copier = values.makeTransferPair(out);
    for (int i = 0; i < rows; i++) {
      if (indices.isNull(i)) {
        out.setNull(i);
      } else {
        copier.copyValueSafe((int) indices.getValueAsLong(i), i);
      }
    }
    out.setValueCount(rows);
  }

  @Override
  public void close() {
    if (decoded != null) {
      decoded.close();
    }
  }
}
