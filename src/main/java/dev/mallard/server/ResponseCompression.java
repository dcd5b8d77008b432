package dev.mallard.server;

import dev.mallard.arrow.IpcCompression;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * The IPC compression a client asked for in the {@code mallard-compression} header: what this
 * call's batches (GET results, EXCHANGE output, a direct TRANSFER's upload) are sent with. A call
 * without the header gets plain batches, which every Flight client can read.
 */
final class ResponseCompression implements FlightServerMiddleware {
  static final Key<ResponseCompression> KEY = Key.of("mallard-compression");

  private final IpcCompression compression;

  private ResponseCompression(IpcCompression compression) {
    this.compression = compression;
  }

  /** What the client of this call asked for; {@link IpcCompression#NONE} when it did not ask. */
  static IpcCompression of(CallContext context) {
    ResponseCompression asked = context.getMiddleware(KEY);
    return asked == null ? IpcCompression.NONE : asked.compression;
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable err) {}

  static final class Factory implements FlightServerMiddleware.Factory<ResponseCompression> {
    @Override
    public ResponseCompression onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      String asked = incomingHeaders.get(IpcCompression.HEADER);
      if (asked == null) {
        return new ResponseCompression(IpcCompression.NONE);
      }
      try {
        return new ResponseCompression(IpcCompression.parse(asked));
      } catch (IllegalArgumentException e) {
        throw CallStatus.INVALID_ARGUMENT.withDescription(IpcCompression.HEADER + " header: " + e.getMessage())
            .toRuntimeException();
      }
    }
  }
}
