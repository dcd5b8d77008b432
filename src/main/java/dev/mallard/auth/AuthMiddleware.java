package dev.mallard.auth;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what Arrow's ServerCallHeaderAuthMiddleware does (authenticate every call, set the peer
 * identity, send a newly issued token back) but keeps the {@link AuthenticatedCall} where the
 * producer can reach it, so the server can learn the call's token for logout.
 */
public final class AuthMiddleware implements FlightServerMiddleware {
  private final AuthenticatedCall call;

  AuthMiddleware(AuthenticatedCall call) {
    this.call = call;
  }

  public AuthenticatedCall call() {
    return call;
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
    call.appendToOutgoingHeaders(outgoingHeaders);
  }

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable err) {}

  /** Authenticates each call before it reaches the producer; a refusal ends the call there. */
  static final class Factory implements FlightServerMiddleware.Factory<AuthMiddleware> {
    private static final Logger LOG = LoggerFactory.getLogger(Factory.class);
    private final MallardAuthenticator authenticator;

    Factory(MallardAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    @Override
    public AuthMiddleware onCallStarted(CallInfo info, CallHeaders headers, RequestContext context) {
      AuthenticatedCall call;
      try {
        call = authenticator.authenticate(headers);
      } catch (FlightRuntimeException e) {
        throw e;
      } catch (RuntimeException e) {
        // Flight only turns FlightRuntimeException into a status; anything else would be opaque.
        LOG.error("authentication of a {} call failed unexpectedly", info.method(), e);
        throw CallStatus.INTERNAL.withDescription("authentication failed on the server").toRuntimeException();
      }
      // FlightProducer.CallContext.peerIdentity() reads this key.
      context.put(Auth2Constants.PEER_IDENTITY_KEY, call.identity());
      return new AuthMiddleware(call);
    }
  }
}
