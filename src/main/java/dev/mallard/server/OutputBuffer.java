package dev.mallard.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of one exchange between the thread that makes it and the thread that sends it: kept
 * in memory up to a budget, and beyond it in a spill file (an Arrow IPC stream), so a client that
 * writes everything before it reads never stops the server from consuming its input. Batches come
 * out in the order they went in: once a batch spills, every later one spills too until the
 * consumer has read the file to its end; then memory is used again.
 *
 * <p>One producer calls {@link #put} and {@link #finish}; one consumer calls {@link #take}.
 * Ownership: {@code put} takes the batch (its buffer references), {@code take} hands one to the
 * caller, who closes it. {@link #close} releases every batch still held, closes both channels
 * and deletes the spill file; call it once both threads are done with the buffer, however the
 * call ended. The spill file is also deleted as soon as the consumer has read it all after
 * {@code finish} (or, at the latest, when {@code take} reports the end), so it is gone before the
 * client sees the end of a successful exchange.
 */
final class OutputBuffer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputBuffer.class);
  private static final long WAIT_POLL_MILLIS = 50;

  private final Schema schema;
  private final BufferAllocator allocator;
  private final long budgetBytes;
  private final Path spillDir;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<ArrowRecordBatch> memory = new ArrayDeque<>();
  private long memoryBytes;
  private boolean spilling;
  private boolean finished;
  private boolean closed;

  private Path spillFile;
  private OutputStream spillOut;
  private WriteChannel spillWriter;
  private FileChannel spillIn;
  private ReadChannel spillReader;
  private long spilledBatches;
  private long spilledBytes;
  private long readBatches;

  /**
   * @param allocator where batches read back from the spill file are allocated
   * @param budgetBytes the most batch bytes kept in memory
   * @param spillDir where the spill file is created, only if it is needed
   */
  OutputBuffer(Schema schema, BufferAllocator allocator, long budgetBytes, Path spillDir) {
    this.schema = schema;
    this.allocator = allocator;
    this.budgetBytes = budgetBytes;
    this.spillDir = spillDir;
  }

  /** Adds the next batch, taking ownership of it; never waits for the consumer. */
  void put(ArrowRecordBatch batch) {
    lock.lock();
    try {
      if (closed) {
        batch.close();
        throw new IllegalStateException("the exchange output is closed");
      }
      long size = batch.computeBodyLength();
      if (!spilling && memoryBytes + size <= budgetBytes) {
        memory.add(batch);
        memoryBytes += size;
      } else {
        // written under the lock, so the consumer cannot find the file drained while a batch is half in it
        spilling = true;
        try (batch) {
          spill(batch);
        } catch (IOException e) {
          throw CallStatus.RESOURCE_EXHAUSTED.withCause(e).withDescription("could not spill exchange output to "
              + spillDir + " while the client was not reading (" + e + "); see the server's --spill-dir and"
              + " --exchange-memory").toRuntimeException();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void spill(ArrowRecordBatch batch) throws IOException {
    if (spillFile == null) {
      Files.createDirectories(spillDir);
      spillFile = Files.createTempFile(spillDir, "mallard-exchange-", ".arrows");
      LOG.debug("exchange output spills to {}", spillFile);
      spillOut = new BufferedOutputStream(Files.newOutputStream(spillFile, StandardOpenOption.WRITE), 1 << 16);
      spillWriter = new WriteChannel(Channels.newChannel(spillOut));
      MessageSerializer.serialize(spillWriter, schema);
      spillIn = FileChannel.open(spillFile, StandardOpenOption.READ);
      spillReader = new ReadChannel(spillIn);
      spillOut.flush();
      MessageSerializer.deserializeSchema(spillReader);
    }
    MessageSerializer.serialize(spillWriter, batch);
    spillOut.flush();
    spilledBatches++;
    spilledBytes += batch.computeBodyLength();
  }

  /** No more batches will be put. */
  void finish() {
    lock.lock();
    try {
      finished = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch, waiting for one; the caller closes it.
   *
   * @return null when every batch was taken after {@link #finish}, or when {@code stop} became true
   */
  ArrowRecordBatch take(BooleanSupplier stop) throws IOException, InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed || stop.getAsBoolean()) {
          return null;
        }
        if (!memory.isEmpty()) {
          ArrowRecordBatch batch = memory.poll();
          memoryBytes -= batch.computeBodyLength();
          return batch;
        }
        if (readBatches < spilledBatches) {
          ArrowRecordBatch batch;
          try {
            batch = MessageSerializer.deserializeRecordBatch(spillReader, allocator);
          } catch (IOException e) {
            throw CallStatus.INTERNAL.withCause(e).withDescription("could not read back exchange output spilled to "
                + spillFile + ": " + e).toRuntimeException();
          }
          readBatches++;
          if (readBatches == spilledBatches) {
            spilling = false;
            if (finished) {
              deleteSpillFile();
            }
          }
          return batch;
        }
        if (finished) {
          // the file may have drained before the input ended
          deleteSpillFile();
          return null;
        }
        changed.await(WAIT_POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a consumer waiting in {@link #take}, e.g. so it sees its stop condition. */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void deleteSpillFile() throws IOException {
    if (spillFile == null) {
      return;
    }
    Path file = spillFile;
    spillFile = null;
    try (OutputStream out = spillOut; FileChannel in = spillIn) {
      spillOut = null;
      spillWriter = null;
      spillIn = null;
      spillReader = null;
    } finally {
      Files.deleteIfExists(file);
      LOG.debug("deleted exchange spill file {} ({} batches, {} bytes)", file, spilledBatches, spilledBytes);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      memory.forEach(ArrowRecordBatch::close);
      memory.clear();
      memoryBytes = 0;
      changed.signalAll();
      deleteSpillFile();
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the exchange spill file", e);
    } finally {
      lock.unlock();
    }
  }
}
