package dev.mallard.exchange.testplugin;

import dev.mallard.exchange.ExchangeContext;
import dev.mallard.exchange.ExchangeSession;
import dev.mallard.exchange.Exchanger;

/** A plugin that takes a built-in's name; only ever registered by the duplicate-name test. */
public final class ClashingEchoExchanger implements Exchanger {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String description() {
    return "Test plugin whose name clashes with the built-in echo";
  }

  @Override
  public ExchangeSession open(ExchangeContext context) {
    return (input, output) -> output.send(input);
  }
}
