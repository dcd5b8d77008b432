package dev.mallard.server;

import java.util.concurrent.atomic.AtomicLong;

/** The largest Arrow allocation any single call reached: what benchmarks report as a server's memory. */
final class CallMemory {
  private final AtomicLong peak = new AtomicLong();

  void record(long callPeak) {
    peak.accumulateAndGet(callPeak, Math::max);
  }

  /** The peak since the last call of this method. */
  long takePeak() {
    return peak.getAndSet(0);
  }
}
