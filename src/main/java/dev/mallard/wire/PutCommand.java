package dev.mallard.wire;

import dev.mallard.arrow.PutMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;

/**
 * Where a DoPut goes. Read: {@code path ["t"]}, or a command holding the bare table name (the
 * original servers' form), appends to {@code t}; a command holding
 * {@code {"table": "t", "mode": "append|replace|create"}} picks the mode. Written: always the JSON
 * form, which names the mode.
 */
public record PutCommand(String table, PutMode mode) {

  public static PutCommand parse(FlightDescriptor descriptor) {
    if (descriptor == null) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("PUT needs a descriptor naming the table").toRuntimeException();
    }
    if (!descriptor.isCommand()) {
      List<String> path = descriptor.getPath();
      if (path.size() != 1 || path.get(0).isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription("PUT descriptor path must be exactly one table name, got " + path)
            .toRuntimeException();
      }
      return new PutCommand(path.get(0), PutMode.APPEND);
    }
    String command = Utf8Text.decode(descriptor.getCommand(), "PUT descriptor command").strip();
    if (!command.startsWith("{")) {
      return new PutCommand(command, PutMode.APPEND);
    }
    Map<String, Object> json = WireJson.object(command, "PUT descriptor command");
    String table = WireJson.string(json, "table", "PUT descriptor");
    Object mode = json.getOrDefault("mode", "append");
    try {
      return new PutCommand(table, PutMode.parse(String.valueOf(mode)));
    } catch (IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
    }
  }

  public byte[] toBytes() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", table);
    json.put("mode", mode.wireName());
    return WireJson.bytes(json);
  }

  public FlightDescriptor descriptor() {
    return FlightDescriptor.command(toBytes());
  }
}
