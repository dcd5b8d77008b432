package dev.mallard.arrow;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * An Arrow reader that reads its source {@code depth} batches ahead on another thread (see
 * {@link BatchPrefetcher}), so whoever consumes it overlaps with DuckDB producing. Every batch
 * arrives in fresh buffers, so it is safe to hand to a zero-copy writer. The source stays open:
 * its owner closes it after this reader.
 */
public final class ReadAheadReader extends ForwardingReader {
  private final VectorSchemaRoot root;
  private final BatchPrefetcher ahead;
  private final ArrowReader source;

  public ReadAheadReader(BufferAllocator allocator, ArrowReader source, int depth, ExecutorService executor)
      throws IOException {
    super(allocator);
    this.source = source;
    this.root = VectorSchemaRoot.create(source.getVectorSchemaRoot().getSchema(), allocator);
    try {
      this.ahead = new BatchPrefetcher(source, depth, executor);
    } catch (RuntimeException refused) {
      // the executor had no thread to spare: nobody will close this reader, so free its root here
      root.close();
      throw refused;
    }
  }

  @Override
  public VectorSchemaRoot getVectorSchemaRoot() {
    return root;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    try {
      return ahead.loadNext(root);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading ahead", e);
    }
  }

  /**
   * The source's dictionaries: only batches move ahead through the queue, so this is right only
   * for a source whose dictionaries stay fixed once its first batch is read ({@link StableDictionaryReader}).
   */
  @Override
  protected DictionaryProvider dictionaryProvider() {
    return source;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() throws IOException {
    try {
      ahead.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the read-ahead", e);
    } finally {
      root.close();
    }
  }
}
