package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReleaseSignalTest {
  @Test
  void aGrandchildReleasedOnAnotherThreadWakesAWaiterOnTheRoot() throws Exception {
    try (BufferAllocator root = AllocatorKind.UNSAFE.newRoot();
        BufferAllocator call = root.newChildAllocator("call", 0, Long.MAX_VALUE);
        BufferAllocator stream = call.newChildAllocator("stream", 0, Long.MAX_VALUE)) {
      ArrowBuf first = stream.buffer(1024);
      ArrowBuf second = call.buffer(1024);
      CountDownLatch waiting = new CountDownLatch(1);
      Thread releaser = new Thread(() -> {
        try {
          waiting.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        first.close();
        second.close();
      }, "releaser");
      releaser.start();
      waiting.countDown();
      long started = System.nanoTime();
      // a wait that was never woken would last the full 30 s
      assertTrue(ReleaseSignal.awaitNoMemory(root, Duration.ofSeconds(30)));
      assertTrue(System.nanoTime() - started < 10_000_000_000L, "woke only at the deadline");
      releaser.join();
    }
  }

  @Test
  void memoryStillHeldAtTheDeadlineIsReportedAsNotDrained() throws Exception {
    try (BufferAllocator root = AllocatorKind.NETTY.newRoot()) {
      ArrowBuf held = root.buffer(64);
      assertFalse(ReleaseSignal.awaitNoMemory(root, Duration.ofMillis(50)));
      held.close();
      assertTrue(ReleaseSignal.awaitNoMemory(root, Duration.ZERO));
    }
  }

  @Test
  void anAllocatorWithoutTheSignalIsRefusedRatherThanWaitedOnInVain() {
    try (BufferAllocator foreign = new RootAllocator()) {
      assertThrows(IllegalArgumentException.class, () -> ReleaseSignal.awaitNoMemory(foreign, Duration.ofSeconds(1)));
    }
  }
}
