package dev.mallard.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;

/**
 * What a DoExchange asks for: the descriptor command is an exchanger's name, a JSON object
 * {@code {"exchanger": name, ...params}}, or (as in the original servers) raw SQL to run and stream
 * back. Exactly one of {@code exchanger} and {@code sql} is set.
 */
public record ExchangeCommand(String exchanger, Map<String, Object> params, String sql) {

  public ExchangeCommand {
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A built-in or plugged-in exchanger, with its parameters. */
  public static ExchangeCommand exchanger(String name, Map<String, ?> params) {
    return new ExchangeCommand(name, new LinkedHashMap<>(params), null);
  }

  /** The original servers' form: SQL run on the server, its result streamed back. */
  public static ExchangeCommand sql(String sql) {
    return new ExchangeCommand(null, Map.of(), sql);
  }

  public static ExchangeCommand parse(FlightDescriptor descriptor) {
    if (descriptor == null || !descriptor.isCommand()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("EXCHANGE needs a command descriptor: an exchanger name, {\"exchanger\": ...} or SQL")
          .toRuntimeException();
    }
    return parse(Utf8Text.decode(descriptor.getCommand(), "EXCHANGE descriptor command"));
  }

  public static ExchangeCommand parse(String text) {
    String command = text.strip();
    if (command.startsWith("{")) {
      Map<String, Object> params = new LinkedHashMap<>(WireJson.object(command, "EXCHANGE descriptor command"));
      String name = WireJson.string(params, "exchanger", "EXCHANGE descriptor");
      params.remove("exchanger");
      return new ExchangeCommand(name, params, null);
    }
    if (isName(command)) {
      return new ExchangeCommand(command, Map.of(), null);
    }
    return sql(command);
  }

  /** The command text: raw SQL, a bare name when there are no parameters, else the JSON object. */
  public String text() {
    if (sql != null) {
      return sql;
    }
    if (params.isEmpty() && isName(exchanger)) {
      return exchanger;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("exchanger", exchanger);
    json.putAll(params);
    return WireJson.text(json);
  }

  public FlightDescriptor descriptor() {
    return FlightDescriptor.command(Utf8Text.encode(text()));
  }

  private static boolean isName(String command) {
    return command.matches("[A-Za-z_][A-Za-z0-9_\\-]*");
  }
}
