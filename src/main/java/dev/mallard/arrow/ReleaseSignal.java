package dev.mallard.arrow;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Wakes whoever waits for an allocator to drain each time a buffer is released. gRPC hands
 * zero-copy buffers back a moment after a call ends, on its own threads; closing an allocator
 * before then would report a leak, and polling for it would cost a core or add latency.
 *
 * <p>{@link AllocatorKind} installs one per root; child allocators inherit their parent's
 * listener, so every allocator in the tree signals it. Arrow calls {@code onRelease} after the
 * bytes are off the accounts, so a woken waiter sees the new total. Ownership transfers between
 * allocators do not notify, which is why a waiter still gives up at its deadline.
 */
public final class ReleaseSignal implements AllocationListener {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  // read on every release of every buffer: only take the lock when someone waits
  private final AtomicInteger waiting = new AtomicInteger();

  @Override
  public void onRelease(long size) {
    if (waiting.get() > 0) {
      lock.lock();
      try {
        released.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until {@code allocator} holds no memory or {@code timeout} passes.
   *
   * @return true if the allocator holds no memory
   * @throws IllegalArgumentException if the allocator was not made by {@link AllocatorKind}
   *     (or a child of one), so no release would ever wake the wait
   */
  public static boolean awaitNoMemory(BufferAllocator allocator, Duration timeout) throws InterruptedException {
    if (!(allocator.getListener() instanceof ReleaseSignal signal)) {
      throw new IllegalArgumentException("allocator " + allocator.getName()
          + " has no ReleaseSignal listener: make its root with AllocatorKind.newRoot");
    }
    return signal.await(allocator, timeout);
  }

  private boolean await(BufferAllocator allocator, Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    // counted before the check, so a release that lands in between takes the lock and signals
    waiting.incrementAndGet();
    lock.lock();
    try {
      while (allocator.getAllocatedMemory() != 0) {
        if (remaining <= 0) {
          return false;
        }
        remaining = released.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
      waiting.decrementAndGet();
    }
  }
}
