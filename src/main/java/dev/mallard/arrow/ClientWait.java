package dev.mallard.arrow;

import java.util.concurrent.Callable;

/**
 * How a server waits for what a client sends next: directly, or under a limit that ends the wait
 * when the client stalls (Arrow's {@code FlightStream} waits with no timeout of its own).
 */
public interface ClientWait {
  /** Waits with no limit. */
  ClientWait UNLIMITED = new ClientWait() {
    @Override
    public <T> T awaitClient(Callable<T> wait) throws Exception {
      return wait.call();
    }
  };

  /** Runs {@code wait}, a call that blocks until the client sends something. */
  <T> T awaitClient(Callable<T> wait) throws Exception;
}
