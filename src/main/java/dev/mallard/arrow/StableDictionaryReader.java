package dev.mallard.arrow;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A DuckDB export with dictionary-encoded columns (ENUMs), made fit for Flight, which sends
 * dictionaries once: the dictionaries it offers are those of the first batch, kept apart from the
 * source (whose vectors are refilled with every batch, possibly on a read-ahead thread), and every
 * later batch is checked to carry the same ones. An ENUM's dictionary is all of its values, fixed
 * by the type, so the check holds for every DuckDB result. Before the first batch the dictionaries
 * are empty, which is what an empty result announces. Closing closes the source.
 */
public final class StableDictionaryReader extends ForwardingReader {
  private final ArrowReader source;
  private final DictionarySnapshot dictionaries;
  private boolean first = true;

  public StableDictionaryReader(BufferAllocator allocator, ArrowReader source) throws IOException {
    super(allocator);
    this.source = source;
    this.dictionaries = new DictionarySnapshot(source,
        DictionaryColumns.ids(source.getVectorSchemaRoot().getSchema()), allocator);
  }

  /** {@code reader} itself if its schema has no dictionary-encoded column, else it wrapped. */
  public static ArrowReader wrapIfNeeded(BufferAllocator allocator, ArrowReader reader) throws IOException {
    return DictionaryColumns.present(reader.getVectorSchemaRoot().getSchema())
        ? new StableDictionaryReader(allocator, reader) : reader;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
    return source.getVectorSchemaRoot();
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    if (first) {
      dictionaries.take(source);
      first = false;
    } else {
      dictionaries.requireSame(source);
    }
    return true;
  }

  @Override
  protected DictionaryProvider dictionaryProvider() {
    return dictionaries;
  }

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  @Override
  protected void closeReadSource() throws IOException {
    try (ArrowReader owned = source) {
      dictionaries.close();
    }
  }
}
