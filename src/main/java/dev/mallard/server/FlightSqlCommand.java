package dev.mallard.server;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashSet;
import java.util.Set;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.sql.FlightSqlUtils;

/**
 * Tells Flight SQL requests from plain Mallard ones. A Flight SQL command or ticket is a protobuf
 * {@code Any} whose type URL names a message of the Flight SQL protocol; plain tickets and commands
 * are UTF-8 SQL, JSON or table names. Bytes only count as Flight SQL if they parse as an
 * {@code Any} with nothing left over and that exact type URL prefix, so no SQL text can be taken for one.
 */
final class FlightSqlCommand {
  static final String TYPE_URL_PREFIX = "type.googleapis.com/arrow.flight.protocol.sql.";

  private static final Set<String> ACTIONS = new HashSet<>();

  static {
    for (ActionType type : FlightSqlUtils.FLIGHT_SQL_ACTIONS) {
      ACTIONS.add(type.getType());
    }
    // session and cancellation actions are defined by Flight but dispatched by FlightSqlProducer
    ACTIONS.add(FlightConstants.CANCEL_FLIGHT_INFO.getType());
    ACTIONS.add(FlightConstants.RENEW_FLIGHT_ENDPOINT.getType());
    ACTIONS.add(FlightConstants.SET_SESSION_OPTIONS.getType());
    ACTIONS.add(FlightConstants.GET_SESSION_OPTIONS.getType());
    ACTIONS.add(FlightConstants.CLOSE_SESSION.getType());
  }

  private FlightSqlCommand() {}

  static boolean isFlightSql(byte[] bytes) {
    // an Any always starts with field 1 (type_url, length-delimited): tag byte 0x0A
    if (bytes == null || bytes.length < TYPE_URL_PREFIX.length() + 2 || bytes[0] != 0x0A) {
      return false;
    }
    try {
      Any any = Any.parseFrom(bytes);
      return any.getTypeUrl().startsWith(TYPE_URL_PREFIX)
          && any.getTypeUrl().length() > TYPE_URL_PREFIX.length()
          && any.getUnknownFields().asMap().isEmpty();
    } catch (InvalidProtocolBufferException notProtobuf) {
      return false;
    }
  }

  static boolean isFlightSqlAction(String type) {
    return ACTIONS.contains(type);
  }
}
