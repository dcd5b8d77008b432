package dev.mallard.arrow;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Dictionaries held on their own, for a sender that must announce them once: Arrow Java's Flight
 * writes dictionaries only in {@code start}, so a stream's dictionaries must not change after it.
 * {@link #take} shares the source's buffers by reference count (no copy), so the snapshot stays
 * valid while the source goes on loading new dictionaries into its own vectors.
 */
public final class DictionarySnapshot implements DictionaryProvider, AutoCloseable {
  private final Map<Long, Dictionary> dictionaries = new HashMap<>();

  /** Empty dictionaries, typed like {@code source}'s dictionaries {@code ids}. */
  public DictionarySnapshot(DictionaryProvider source, Collection<Long> ids, BufferAllocator allocator) {
    try {
      for (long id : ids) {
        Dictionary original = lookupIn(source, id);
        FieldVector vector = original.getVector().getField()
            .createVector(allocator != null ? allocator : original.getVector().getAllocator());
        dictionaries.put(id, new Dictionary(vector, original.getEncoding()));
        vector.allocateNew(); // real (empty) buffers: what an empty result announces
        vector.setValueCount(0);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Empty dictionaries like {@code source}'s, allocated where each of those is. */
  public DictionarySnapshot(DictionaryProvider source, Collection<Long> ids) {
    this(source, ids, null);
  }

  /** Makes this hold {@code source}'s current dictionaries. */
  public void take(DictionaryProvider source) {
    for (Map.Entry<Long, Dictionary> entry : dictionaries.entrySet()) {
      FieldVector from = lookupIn(source, entry.getKey()).getVector();
      FieldVector to = entry.getValue().getVector();
      VectorSchemaRoot fromView = new VectorSchemaRoot(List.of(from.getField()), List.of(from), from.getValueCount());
      VectorSchemaRoot toView = new VectorSchemaRoot(List.of(to.getField()), List.of(to), 0);
      try (ArrowRecordBatch shared = new VectorUnloader(fromView).getRecordBatch()) {
        new VectorLoader(toView).load(shared);
      }
    }
  }

  /**
   * @throws IllegalStateException if any of {@code source}'s dictionaries differs from this one's:
   *     its batches could not be sent after the dictionaries already sent
   */
  public void requireSame(DictionaryProvider source) {
    for (Map.Entry<Long, Dictionary> entry : dictionaries.entrySet()) {
      FieldVector now = lookupIn(source, entry.getKey()).getVector();
      FieldVector sent = entry.getValue().getVector();
      if (now != sent && !VectorEqualsVisitor.vectorEquals(now, sent)) {
        throw new IllegalStateException("dictionary " + entry.getKey() + " changed mid-stream (" + sent.getValueCount()
            + " values became " + now.getValueCount() + "); Arrow Flight (Java) sends dictionaries once, at the start,"
            + " so decode the column or keep its dictionary fixed");
      }
    }
  }

  private static Dictionary lookupIn(DictionaryProvider source, long id) {
    Dictionary dictionary = source.lookup(id);
    if (dictionary == null) {
      throw new IllegalStateException("dictionary " + id + " is used by the schema but missing from the stream");
    }
    return dictionary;
  }

  @Override
  public Dictionary lookup(long id) {
    return dictionaries.get(id);
  }

  @Override
  public Set<Long> getDictionaryIds() {
    return dictionaries.keySet();
  }

  @Override
  public void close() {
    for (Dictionary dictionary : dictionaries.values()) {
      dictionary.getVector().close();
    }
    dictionaries.clear();
  }
}
