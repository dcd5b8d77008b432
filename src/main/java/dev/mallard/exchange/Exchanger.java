package dev.mallard.exchange;

/**
 * A named, server-side transformation for DoExchange. Implementations live on the server's
 * classpath (built-ins, or plugins found by {@link java.util.ServiceLoader}); a client names one
 * and passes parameters, it can never send code.
 *
 * <p>Exchangers stream: they see one input batch at a time and may keep only small state of their
 * own (an aggregate's running groups), never the input.
 */
public interface Exchanger {
  /** The name clients use in the descriptor, e.g. {@code echo}. */
  String name();

  /** One line for {@code list_exchangers}. */
  String description();

  /**
   * Prepares one exchange call. Invalid parameters are reported here, before any data flows, by
   * throwing {@link IllegalArgumentException} with a message the caller can act on.
   */
  ExchangeSession open(ExchangeContext context);
}
