package dev.mallard.server;

import dev.mallard.exchange.Exchanger;
import java.util.Map;

/** The exchangers a server offers, by name. */
public interface ExchangerCatalog {
  /** @throws IllegalArgumentException naming the available exchangers when {@code name} is unknown */
  Exchanger find(String name);

  /** name -> one-line description */
  Map<String, String> describe();
}
