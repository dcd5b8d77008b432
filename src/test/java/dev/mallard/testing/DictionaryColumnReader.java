package dev.mallard.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches of {@code id BIGINT} and {@code v}, a dictionary-encoded string column, the way pandas
 * categoricals and polars send them: an index vector of any integer width plus a dictionary, both
 * possibly with nulls, and a dictionary that may be different in every batch. Every batch is
 * written into the same root and dictionary vector, so it is not for zero-copy senders.
 */
public final class DictionaryColumnReader extends ArrowReader {
  public static final long DICTIONARY_ID = 7;

  /** One batch: its dictionary (the whole one, as a replacement would send it) and its indices. */
  public record Batch(List<String> dictionary, List<Integer> indices) {
    public static Batch of(String[] dictionary, Integer... indices) {
      return new Batch(Arrays.asList(dictionary), Arrays.asList(indices));
    }
  }

  private final List<Batch> batches;
  private final VectorSchemaRoot root;
  private final Dictionary dictionary;
  private int next;
  private long nextId;

  /** @param indexType a signed integer type: the width of the index vector */
  public DictionaryColumnReader(BufferAllocator allocator, ArrowType.Int indexType, List<Batch> batches) {
    super(allocator);
    this.batches = List.copyOf(batches);
    DictionaryEncoding encoding = new DictionaryEncoding(DICTIONARY_ID, false, indexType);
    Schema schema = new Schema(List.of(
        Field.nullable("id", new ArrowType.Int(64, true)),
        new Field("v", new FieldType(true, indexType, encoding), null)));
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.dictionary = new Dictionary(new VarCharVector("v", allocator), encoding);
  }

  /** Every row's {@code v} as the receiver should see it: dictionary value at the index, or null. */
  public List<String> expectedValues() {
    List<String> values = new ArrayList<>();
    for (Batch batch : batches) {
      for (Integer index : batch.indices()) {
        values.add(index == null ? null : batch.dictionary().get(index));
      }
    }
    return values;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() {
    return root;
  }

  @Override
  public Dictionary lookup(long id) {
    return id == DICTIONARY_ID ? dictionary : null;
  }

  @Override
  public Set<Long> getDictionaryIds() {
    return Set.of(DICTIONARY_ID);
  }

  @Override
  public boolean loadNextBatch() {
    if (next == batches.size()) {
      return false;
    }
    Batch batch = batches.get(next++);
    VarCharVector values = (VarCharVector) dictionary.getVector();
    values.clear(); // fresh buffers: a batch already handed on (C Data, zero-copy) keeps its own
    for (int i = 0; i < batch.dictionary().size(); i++) {
      String value = batch.dictionary().get(i);
      if (value == null) {
        values.setNull(i);
      } else {
        values.setSafe(i, value.getBytes(StandardCharsets.UTF_8));
      }
    }
    values.setValueCount(batch.dictionary().size());
    root.allocateNew();
    BigIntVector ids = (BigIntVector) root.getVector("id");
    FieldVector indices = root.getVector("v");
    int rows = batch.indices().size();
    for (int i = 0; i < rows; i++) {
      ids.setSafe(i, nextId++);
      Integer index = batch.indices().get(i);
      while (indices.getValueCapacity() <= i) {
        indices.reAlloc();
      }
      if (index == null) {
        indices.setNull(i);
      } else {
        ((BaseIntVector) indices).setWithPossibleTruncate(i, index);
      }
    }
    root.setRowCount(rows);
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    root.close();
    dictionary.getVector().close();
  }

  @Override
  protected Schema readSchema() {
    return root.getSchema();
  }

  @Override
  public void close() {
    closeReadSource();
  }
}
