package dev.mallard.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;

/**
 * What a DoExchange asks for: the descriptor command is an exchanger's name, a JSON object
 * {@code {"exchanger": name, ...params}}, or (as in the original servers) raw SQL to run.
 */
record ExchangeRequest(String exchanger, Map<String, Object> params, String sql) {

  static ExchangeRequest of(FlightDescriptor descriptor) {
    if (descriptor == null || !descriptor.isCommand()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("EXCHANGE needs a command descriptor: an exchanger name, {\"exchanger\": ...} or SQL")
          .toRuntimeException();
    }
    String command = Utf8Text.decode(descriptor.getCommand(), "EXCHANGE descriptor command").strip();
    if (command.startsWith("{")) {
      Map<String, Object> params = new LinkedHashMap<>(WireJson.object(command, "EXCHANGE descriptor command"));
      String name = WireJson.string(params, "exchanger", "EXCHANGE descriptor");
      params.remove("exchanger");
      return new ExchangeRequest(name, params, null);
    }
    if (command.matches("[A-Za-z_][A-Za-z0-9_\\-]*")) {
      return new ExchangeRequest(command, Map.of(), null);
    }
    return new ExchangeRequest(null, Map.of(), command);
  }
}
