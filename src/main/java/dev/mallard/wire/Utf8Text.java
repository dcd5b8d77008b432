package dev.mallard.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.CallStatus;

/** Strict UTF-8 decoding of tickets and commands: a malformed byte is the client's mistake, not something to guess at. */
public final class Utf8Text {
  public static final int MAX_BYTES = 1024 * 1024;

  private Utf8Text() {}

  public static String decode(byte[] bytes, String what) {
    if (bytes == null || bytes.length == 0) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(what + " is empty").toRuntimeException();
    }
    if (bytes.length > MAX_BYTES) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(what + " is " + bytes.length + " bytes; the limit is " + MAX_BYTES)
          .toRuntimeException();
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(what + " is not valid UTF-8").toRuntimeException();
    }
  }

  static byte[] encode(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
