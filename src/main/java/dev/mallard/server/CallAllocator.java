package dev.mallard.server;

import dev.mallard.arrow.ReleaseSignal;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call allocates from its own child allocator, so one call's leak is visible as that call's.
 * Zero-copy writes hand buffers to gRPC, which may release them a moment after the call returns:
 * closing waits (on the {@link ReleaseSignal} of the server's root) for them to come back before
 * it checks that nothing leaked.
 */
final class CallAllocator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallAllocator.class);
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final BufferAllocator allocator;
  private final CallMemory memory;
  private final Duration drain;

  /** A call's allocator; refused (RESOURCE_EXHAUSTED) while the server's calls hold its Arrow memory limit. */
  CallAllocator(BufferAllocator parent, String call, CallMemory memory) {
    this(parent, call, memory, true, DRAIN);
  }

  /**
   * @param admit false for the last step of a call already admitted (its answer): a PUT that
   *     committed must not be reported as failed for want of a few bytes
   */
  CallAllocator(BufferAllocator parent, String call, CallMemory memory, boolean admit) {
    this(parent, call, memory, admit, DRAIN);
  }

  /** {@code drain}: how long closing waits for outstanding buffers before it reports them as leaked. */
  CallAllocator(BufferAllocator parent, String call, CallMemory memory, Duration drain) {
    this(parent, call, memory, true, drain);
  }

  private CallAllocator(BufferAllocator parent, String call, CallMemory memory, boolean admit, Duration drain) {
    if (admit) {
      memory.admit(parent.getRoot());
    }
    this.allocator = parent.newChildAllocator(call, 0, parent.getLimit());
    this.memory = memory;
    this.drain = drain;
  }

  BufferAllocator get() {
    return allocator;
  }

  @Override
  public void close() {
    memory.record(allocator.getPeakMemoryAllocation());
    try {
      ReleaseSignal.awaitNoMemory(allocator, drain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      allocator.close();
    } catch (IllegalStateException leak) {
      LOG.error("Arrow memory leaked by {}: {}", allocator.getName(), leak.getMessage());
    }
  }
}
