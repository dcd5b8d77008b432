package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing a call's allocator waits for buffers another thread (gRPC) still holds, and no longer than its deadline. */
@Timeout(60)
class CallAllocatorTest {
  // long enough that a close which only returned at the deadline is told apart from one woken by the release
  static final Duration DRAIN = Duration.ofSeconds(10);

  BufferAllocator root;
  CallMemory memory;

  @BeforeEach
  void open() {
    root = AllocatorKind.NETTY.newRoot();
    memory = new CallMemory(Long.MAX_VALUE);
  }

  @AfterEach
  void close() {
    assertEquals(0, root.getAllocatedMemory());
    root.close();
  }

  @Test
  void closeReturnsAsSoonAsAnotherThreadReleasesTheLastBuffer() throws Exception {
    CallAllocator call = new CallAllocator(root, "held-by-grpc", memory, DRAIN);
    ArrowBuf held = call.get().buffer(4096);
    CountDownLatch closing = new CountDownLatch(1);
    long[] releasedAt = new long[1];
    Thread grpc = new Thread(() -> {
      try {
        // release only once close() is underway, like gRPC finishing a write after the call returned
        closing.await();
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      releasedAt[0] = System.nanoTime();
      held.close();
    }, "fake-grpc-writer");
    grpc.start();
    closing.countDown();
    call.close();
    long closedAt = System.nanoTime();
    grpc.join();
    assertTrue(closedAt >= releasedAt[0], "close() returned before the buffer came back");
    long lag = TimeUnit.NANOSECONDS.toMillis(closedAt - releasedAt[0]);
    assertTrue(lag < 2_000, "close() took " + lag + " ms after the release: it did not wake on it");
    assertEquals(4096, memory.takePeak());
    // the call allocator is closed and gone from its parent
    assertTrue(root.getChildAllocators().isEmpty(), root.toVerboseString());
  }

  @Test
  void aBufferNeverReleasedIsReportedAtTheDeadlineAndCloseStillReturns() throws Exception {
    Duration shortDrain = Duration.ofMillis(300);
    // a root of its own: this one ends with a leak on purpose
    BufferAllocator leakyRoot = AllocatorKind.NETTY.newRoot();
    CallAllocator call = new CallAllocator(leakyRoot, "leaky", memory, shortDrain);
    call.get().buffer(1024);
    long started = System.nanoTime();
    call.close(); // logs the leak rather than throwing: the server keeps serving
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(took >= shortDrain.toMillis(), "close() gave up after " + took + " ms, before its deadline");
    assertTrue(took < DRAIN.toMillis(), "close() took " + took + " ms");
    // the leak stays on the books, nothing pretended it away
    assertEquals(1024, leakyRoot.getAllocatedMemory());
    IllegalStateException leak = assertThrows(IllegalStateException.class, leakyRoot::close);
    assertTrue(leak.getMessage().contains("leaked"), leak.getMessage());
  }

  @Test
  void closeWithNothingOutstandingDoesNotWait() {
    CallAllocator call = new CallAllocator(root, "clean", memory, DRAIN);
    call.get().buffer(512).close();
    long started = System.nanoTime();
    call.close();
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_000);
  }
}
