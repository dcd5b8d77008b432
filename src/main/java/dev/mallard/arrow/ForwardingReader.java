package dev.mallard.arrow;

import java.io.IOException;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A reader whose root and dictionaries are kept elsewhere (another reader's, or a root of its own
 * filled from another thread), not by {@link ArrowReader}'s loading: it looks dictionaries up in
 * {@link #dictionaryProvider()}, and closing it closes only what {@link #closeReadSource()} closes,
 * because ArrowReader's own close would free the root and dictionaries as if they were its own.
 */
public abstract class ForwardingReader extends ArrowReader {

  protected ForwardingReader(BufferAllocator allocator) {
    super(allocator);
  }

  /** Where this reader's dictionaries are. */
  protected abstract DictionaryProvider dictionaryProvider();

  @Override
  public Dictionary lookup(long id) {
    return dictionaryProvider().lookup(id);
  }

  @Override
  public Set<Long> getDictionaryIds() {
    return dictionaryProvider().getDictionaryIds();
  }

  @Override
  protected Schema readSchema() throws IOException {
    return getVectorSchemaRoot().getSchema();
  }

  @Override
  public void close() throws IOException {
    closeReadSource();
  }
}
