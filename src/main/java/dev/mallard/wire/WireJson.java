package dev.mallard.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;

/**
 * The JSON spoken in descriptors, tickets, actions and put results, and the one {@link ObjectMapper}
 * of the project. Decoding is by hand from a parsed object so every wrong field gets a message that
 * names it, with INVALID_ARGUMENT; encoding keeps the keys in the order they were put.
 */
public final class WireJson {
  /** Shared and thread-safe once configured; nothing configures it after this line. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private WireJson() {}

  /** Parses a JSON object, or fails with INVALID_ARGUMENT saying what {@code what} should have been. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text, String what) {
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

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  /** Indented, for files people read (machine.json, a dataset's report). */
  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  /** Reads an answer the other side sent; {@code what} names it in the error. */
  public static <T> T read(byte[] bytes, TypeReference<T> type, String what) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalStateException(what + " is unreadable JSON", e);
    }
  }

  public static String string(Map<String, Object> object, String key, String what) {
    Object value = object.get(key);
    if (!(value instanceof String) || ((String) value).isEmpty()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(what + " needs a non-empty string \"" + key + "\"")
          .toRuntimeException();
    }
    return (String) value;
  }

  /** The string under {@code key}, or null when it is absent or not a string. */
  static String optionalString(Map<String, Object> object, String key) {
    Object value = object.get(key);
    return value instanceof String ? (String) value : null;
  }

  /** The batch size under {@code "batch_size"}, null when absent; {@code what}'s batch_size must be a number in range. */
  static Integer batchSize(Map<String, Object> object, String what) {
    if (!object.containsKey("batch_size")) {
      return null;
    }
    Object value = object.get("batch_size");
    if (!(value instanceof Number)) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(what + "'s batch_size must be a number").toRuntimeException();
    }
    try {
      return BatchSize.check(((Number) value).longValue());
    } catch (IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(what + ": " + e.getMessage()).toRuntimeException();
    }
  }
}
