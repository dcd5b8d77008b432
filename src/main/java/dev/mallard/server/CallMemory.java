package dev.mallard.server;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A server's Arrow memory across calls: the limit a new call is admitted under, and the largest
 * allocation any single call reached (what benchmarks report as a server's memory).
 */
final class CallMemory {
  private final AtomicLong peak = new AtomicLong();
  private final long limit;

  CallMemory(long limit) {
    this.limit = limit;
  }

  /** Refuses a new call while the server's calls hold the limit or more. */
  void admit(BufferAllocator root) {
    long held = root.getAllocatedMemory();
    if (held >= limit) {
      throw ArrowMemoryLimit.reached(limit, held);
    }
  }

  void record(long callPeak) {
    peak.accumulateAndGet(callPeak, Math::max);
  }

  /** The peak since the last call of this method. */
  long takePeak() {
    return peak.getAndSet(0);
  }
}
