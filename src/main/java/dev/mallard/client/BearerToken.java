package dev.mallard.client;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClientMiddleware;

/**
 * Catches the bearer token a server hands back after a Basic login, so the client can present
 * it on later calls and pass it on (a direct TRANSFER needs the target's token).
 */
final class BearerToken implements FlightClientMiddleware.Factory {
  private volatile String token;

  String token() {
    return token;
  }

  @Override
  public FlightClientMiddleware onCallStarted(CallInfo info) {
    return new FlightClientMiddleware() {
      @Override
      public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

      @Override
      public void onHeadersReceived(CallHeaders incomingHeaders) {
        String value = incomingHeaders.get("authorization");
        if (value != null && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
          token = value.substring(7).trim();
        }
      }

      @Override
      public void onCallCompleted(CallStatus status) {}
    };
  }
}
