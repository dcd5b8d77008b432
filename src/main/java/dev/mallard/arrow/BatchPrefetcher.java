package dev.mallard.arrow;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Reads an Arrow reader on its own thread, up to {@code depth} batches ahead, so that DuckDB
 * computes the next batch while the current one is on the wire. Batches move by reference
 * (unload/load), never by copy; memory is bounded by {@code depth} + 2 batches.
 */
public final class BatchPrefetcher implements AutoCloseable {
  private static final Object END = new Object();

  private final ArrowReader reader;
  private final BlockingQueue<Object> queue;
  private final CountDownLatch producerDone = new CountDownLatch(1);
  // opens the first time the reading thread is a whole queue ahead: tests await it instead of sleeping
  final CountDownLatch queueFilled = new CountDownLatch(1);
  private volatile boolean closed;
  private boolean ended;

  public BatchPrefetcher(ArrowReader reader, int depth, ExecutorService executor) {
    this.reader = reader;
    this.queue = new ArrayBlockingQueue<>(depth);
    executor.execute(this::produce);
  }

  private void produce() {
    try {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (!closed && reader.loadNextBatch()) {
        ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch();
        if (!offer(batch)) {
          batch.close();
          return;
        }
      }
      offer(END);
    } catch (Throwable failure) {
      offer(failure);
    } finally {
      producerDone.countDown();
    }
  }

  /** Waits for room in the queue; false if the consumer went away first (or the thread was interrupted). */
  private boolean offer(Object item) {
    try {
      while (!closed) {
        if (queue.offer(item, 20, TimeUnit.MILLISECONDS)) {
          if (queue.remainingCapacity() == 0) {
            queueFilled.countDown();
          }
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /**
   * Loads the next batch into {@code target} (which must have the reader's schema).
   *
   * @return false at the end of the stream
   * @throws IOException if reading failed; the reader's own exception is the cause
   */
  public boolean loadNext(VectorSchemaRoot target) throws IOException, InterruptedException {
    if (ended) {
      return false;
    }
    Object item;
    do {
      item = queue.poll(20, TimeUnit.MILLISECONDS);
      if (item == null && producerDone.getCount() == 0 && queue.isEmpty()) {
        // the reading thread ended without a last word (it was interrupted): do not wait forever
        ended = true;
        throw new IOException("reading ahead stopped before the end of the stream");
      }
    } while (item == null);
    if (item == END) {
      ended = true;
      return false;
    }
    if (item instanceof Throwable) {
      ended = true;
      Throwable failure = (Throwable) item;
      if (failure instanceof IOException) {
        throw (IOException) failure;
      }
      throw new IOException(failure.getMessage(), failure);
    }
    try (ArrowRecordBatch batch = (ArrowRecordBatch) item) {
      new VectorLoader(target).load(batch);
    }
    return true;
  }

  /** Stops the reading thread and frees every batch not yet taken. The reader itself stays open. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    producerDone.await();
    Object item;
    while ((item = queue.poll()) != null) {
      if (item instanceof ArrowRecordBatch) {
        ((ArrowRecordBatch) item).close();
      }
    }
  }
}
