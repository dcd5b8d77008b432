package dev.mallard.arrow;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.OutboundStreamListener;

/**
 * Flight's {@code putNext} never blocks: gRPC queues whatever it is given. This gate makes a
 * writer wait for the transport to drain before it hands over the next batch, so a slow reader
 * on the other side bounds our memory to a few batches instead of the whole stream.
 *
 * <p>The ready handler only helps where gRPC can deliver it: Arrow's {@code FlightService.doGetCustom}
 * runs a DoGet's {@code getStream} inside gRPC's callback for the call, and gRPC hands that call's
 * {@code onReady} to the same serialised executor, so during a GET it arrives only after the stream
 * ended. A writer therefore polls, backing off from {@value #FIRST_POLL_MICROS} to
 * {@value #MAX_POLL_MICROS} µs; the handler still wakes it early where it fires (DoExchange runs its
 * producer on another thread). A 50 ms wait for a handler that never came held the Flight transport
 * of batches in memory to 4.8 M rows/s; polling it reaches 20 M (results/readygate-ab: BaselineBenchmark.flightTransport,
 * 24M rows, batch 122,880).
 */
public final class ReadyGate {
  static final long FIRST_POLL_MICROS = 50;
  static final long MAX_POLL_MICROS = 1_000;

  private final OutboundStreamListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();

  public ReadyGate(OutboundStreamListener listener) {
    this.listener = listener;
    registerReadyHandler(listener, this::signal);
  }

  /** Server streams accept a ready handler; a started client call does not, and polls only. */
  private static void registerReadyHandler(OutboundStreamListener listener, Runnable handler) {
    try {
      listener.setOnReadyHandler(handler);
    } catch (IllegalStateException | UnsupportedOperationException clientCall) {
      // polling alone
    }
  }

  /** Wakes a waiting writer, e.g. when the call is cancelled. */
  public void signal() {
    lock.lock();
    try {
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until the listener can take another batch.
   *
   * @return false if {@code stop} became true first (cancelled call): the writer should give up
   */
  public boolean awaitReady(BooleanSupplier stop) throws InterruptedException {
    lock.lock();
    try {
      long pollMicros = FIRST_POLL_MICROS;
      while (!listener.isReady()) {
        if (stop.getAsBoolean()) {
          return false;
        }
        ready.await(pollMicros, TimeUnit.MICROSECONDS);
        pollMicros = Math.min(pollMicros * 2, MAX_POLL_MICROS);
      }
      return !stop.getAsBoolean();
    } finally {
      lock.unlock();
    }
  }
}
