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
 */
public final class ReadyGate {
  private final OutboundStreamListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();

  private final boolean hasReadyHandler;

  public ReadyGate(OutboundStreamListener listener) {
    this.listener = listener;
    this.hasReadyHandler = registerReadyHandler(listener);
  }

  /** Server streams accept a ready handler; a started client call does not, so there we poll. */
  private boolean registerReadyHandler(OutboundStreamListener listener) {
    try {
      listener.setOnReadyHandler(this::signal);
      return true;
    } catch (IllegalStateException | UnsupportedOperationException clientCall) {
      return false;
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
      long pollMicros = 50;
      while (!listener.isReady()) {
        if (stop.getAsBoolean()) {
          return false;
        }
        if (hasReadyHandler) {
          // the timeout covers a ready signal that raced ahead of us taking the lock
          ready.await(50, TimeUnit.MILLISECONDS);
        } else {
          // polling: back off so a long wait does not spin a core the data path needs
          ready.await(pollMicros, TimeUnit.MICROSECONDS);
          pollMicros = Math.min(pollMicros * 2, 2_000);
        }
      }
      return !stop.getAsBoolean();
    } finally {
      lock.unlock();
    }
  }
}
