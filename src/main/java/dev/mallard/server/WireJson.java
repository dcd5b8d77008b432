package dev.mallard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;

/** The JSON spoken in descriptors, tickets, actions and put results. */
final class WireJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private WireJson() {}

  /** Parses a JSON object, or fails with INVALID_ARGUMENT saying what {@code what} should have been. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text, String what) {
    Object value;
    try {
      value = MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(what + " is not valid JSON: " + e.getOriginalMessage())
          .toRuntimeException();
    }
    if (!(value instanceof Map)) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(what + " must be a JSON object").toRuntimeException();
    }
    return (Map<String, Object>) value;
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  static String string(Map<String, Object> object, String key, String what) {
    Object value = object.get(key);
    if (!(value instanceof String) || ((String) value).isEmpty()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(what + " needs a non-empty string \"" + key + "\"")
          .toRuntimeException();
    }
    return (String) value;
  }

}
