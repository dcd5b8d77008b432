package dev.mallard.server;

import dev.mallard.arrow.ClientWait;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * The idle limit of one call: a call whose client neither reads nor writes for the limit ends
 * with TIMED_OUT, so a client that stalls (or forgot to read) cannot hold a connection, memory or
 * a spill file forever.
 *
 * <p>Waits for readiness (our ReadyGate loops) poll {@link #expired()} as a stop condition. Waits
 * for the client's next message cannot be polled (Arrow's {@code FlightStream.next()} blocks with
 * no timeout), so they run inside {@link #awaitClient}, and when the limit passes a shared timer
 * thread interrupts the threads waiting there, and only while they wait there.
 */
final class IdleWatch implements ClientWait, AutoCloseable {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "mallard-idle-watch");
    thread.setDaemon(true);
    return thread;
  });

  private final long limitNanos;
  private final Duration limit;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean expired;
  private final Set<Thread> waiting = new HashSet<>();
  private ScheduledFuture<?> check;
  private boolean closed;

  IdleWatch(Duration limit) {
    this.limit = limit;
    this.limitNanos = limit.toNanos();
  }

  /** A batch went in or out: the client is taking part. */
  void progress() {
    lastProgress = System.nanoTime();
  }

  /** True once the call made no progress for the limit; stays true. */
  boolean expired() {
    if (!expired && System.nanoTime() - lastProgress > limitNanos) {
      expired = true;
    }
    return expired;
  }

  /** The status a call ends with when its limit passed. */
  FlightRuntimeException timedOut() {
    String idle = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    return CallStatus.TIMED_OUT
        .withDescription("no progress for " + idle + "; the client neither read nor wrote (server option --idle-timeout)")
        .toRuntimeException();
  }

  /**
   * Runs {@code wait}, a blocking wait for the client, so that it ends with {@link #timedOut()}
   * once the limit passes; whatever else it throws is rethrown as it is. The limit counts from the
   * start of the wait (the time before it was our own work, not the client's), and a wait that
   * returns counts as progress: the client sent something.
   */
  @Override
  public <T> T awaitClient(Callable<T> wait) throws Exception {
    Thread self = Thread.currentThread();
    synchronized (this) {
      if (expired) {
        throw timedOut();
      }
      progress();
      waiting.add(self);
      if (check == null && !closed) {
        long period = Math.max(5, Math.min(1_000, limit.toMillis() / 8));
        check = TIMER.scheduleAtFixedRate(this::interruptIfExpired, period, period, TimeUnit.MILLISECONDS);
      }
    }
    try {
      T received = wait.call();
      progress();
      return received;
    } catch (Exception | Error failure) {
      if (expired()) {
        FlightRuntimeException timedOut = timedOut();
        timedOut.addSuppressed(failure);
        throw timedOut;
      }
      throw failure;
    } finally {
      synchronized (this) {
        waiting.remove(self);
        if (expired) {
          // the interrupt was ours and only meant to end the wait: later cleanup must not see it
          Thread.interrupted();
        }
      }
    }
  }

  private synchronized void interruptIfExpired() {
    if (expired()) {
      waiting.forEach(Thread::interrupt);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (check != null) {
      check.cancel(false);
    }
  }
}
