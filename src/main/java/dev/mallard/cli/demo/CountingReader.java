package dev.mallard.cli.demo;

import dev.mallard.arrow.ForwardingReader;
import dev.mallard.arrow.StreamStats;
import java.io.IOException;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Another reader's batches, unchanged, reported to a {@link RowProgress} as they are loaded: the
 * progress of an upload the client API only reports at the end. A view: closing it leaves the
 * underlying reader to its owner.
 */
public final class CountingReader extends ForwardingReader {
  private final ArrowReader source;
  private final RowProgress progress;

  public CountingReader(BufferAllocator allocator, ArrowReader source, RowProgress progress) {
    super(allocator);
    this.source = source;
    this.progress = progress;
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
    return source.getVectorSchemaRoot();
  }

  @Override
  public Map<Long, Dictionary> getDictionaryVectors() throws IOException {
    return source.getDictionaryVectors();
  }

  @Override
  protected DictionaryProvider dictionaryProvider() {
    return source;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot batch = source.getVectorSchemaRoot();
    progress.add(batch.getRowCount(), StreamStats.bytesOf(batch));
    return true;
  }

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  @Override
  protected void closeReadSource() {
    // the source's owner closes it
  }
}
