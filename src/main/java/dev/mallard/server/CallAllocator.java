package dev.mallard.server;

import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call allocates from its own child allocator, so one call's leak is visible as that call's.
 * Zero-copy writes hand buffers to gRPC, which may release them a moment after the call returns:
 * closing waits briefly for them to come back before it checks that nothing leaked.
 */
final class CallAllocator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallAllocator.class);
  private static final long DRAIN_MILLIS = 5_000;

  private final BufferAllocator allocator;
  private final CallMemory memory;

  /** A call's allocator; refused (RESOURCE_EXHAUSTED) while the server's calls hold its Arrow memory limit. */
  CallAllocator(BufferAllocator parent, String call, CallMemory memory) {
    this(parent, call, memory, true);
  }

  /**
   * @param admit false for the last step of a call already admitted (its answer): a PUT that
   *     committed must not be reported as failed for want of a few bytes
   */
  CallAllocator(BufferAllocator parent, String call, CallMemory memory, boolean admit) {
    if (admit) {
      memory.admit(parent.getRoot());
    }
    this.allocator = parent.newChildAllocator(call, 0, parent.getLimit());
    this.memory = memory;
  }

  BufferAllocator get() {
    return allocator;
  }

  @Override
  public void close() {
    memory.record(allocator.getPeakMemoryAllocation());
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (allocator.getAllocatedMemory() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      allocator.close();
    } catch (IllegalStateException leak) {
      LOG.error("Arrow memory leaked by {}: {}", allocator.getName(), leak.getMessage());
    }
  }
}
