package dev.mallard.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;

/**
 * A server's authentication, on or off. Install it on the builder with {@link #apply}, keep the
 * result, and ask it for each call's role ({@link #roleOf}) and to log a call out ({@link #logout}).
 *
 * <p>How the server finds a call's bearer token: every authenticated call carries an
 * {@link AuthMiddleware} under {@link #MIDDLEWARE_KEY}, holding the {@link AuthenticatedCall}
 * (identity, role, token). {@code CallContext.getMiddleware} reads gRPC's thread-bound context, so
 * {@link #logout} and {@link #currentCall} only work on the thread Flight invoked the producer on
 * (e.g. directly inside {@code doAction}). {@link #roleOf} uses {@code CallContext.peerIdentity()},
 * which the context object itself holds, so it works on any thread.
 */
public final class AuthSetup {
  static final String NO_USERS =
      "--auth needs users: pass --users FILE or set MALLARD_USER and MALLARD_PASSWORD";

  /** Where each call's {@link AuthMiddleware} is registered. */
  public static final FlightServerMiddleware.Key<AuthMiddleware> MIDDLEWARE_KEY =
      FlightServerMiddleware.Key.of("mallard-auth");

  private static final AuthSetup DISABLED = new AuthSetup(null);

  private final MallardAuthenticator authenticator;

  private AuthSetup(MallardAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** No authentication: every caller is ADMIN. */
  public static AuthSetup disabled() {
    return DISABLED;
  }

  /** Requires a password login on this server, bearer tokens idle-expiring after {@code ttl}. */
  public static AuthSetup apply(FlightServer.Builder builder, UserStore users, Duration ttl) {
    return apply(builder, users, ttl, Clock.systemUTC());
  }

  /** As above with the clock tokens expire by (tests move it by hand instead of waiting). */
  public static AuthSetup apply(FlightServer.Builder builder, UserStore users, Duration ttl, Clock clock) {
    Objects.requireNonNull(users, "users");
    if (users.isEmpty()) {
      throw new IllegalArgumentException(NO_USERS);
    }
    return apply(builder, new MallardAuthenticator(users, new TokenStore(clock, ttl)));
  }

  /** As above with a prepared authenticator (tests inject a clock or a small token store). */
  public static AuthSetup apply(FlightServer.Builder builder, MallardAuthenticator authenticator) {
    // Our own middleware rather than builder.headerAuthenticator(): it does the same, and also
    // exposes the call's token to the producer.
    builder.middleware(MIDDLEWARE_KEY, new AuthMiddleware.Factory(authenticator));
    return new AuthSetup(authenticator);
  }

  public boolean enabled() {
    return authenticator != null;
  }

  /** The authenticator, when enabled. */
  public Optional<MallardAuthenticator> authenticator() {
    return Optional.ofNullable(authenticator);
  }

  /**
   * The role of the user who made this call: ADMIN when authentication is off. Fails closed
   * (UNAUTHENTICATED) if authentication is on and the call carries no known user.
   */
  public Role roleOf(CallContext context) {
    if (authenticator == null) {
      return Role.ADMIN;
    }
    String identity = context.peerIdentity();
    return authenticator.users().roleOf(identity).orElseThrow(() ->
        MallardAuthenticator.unauthenticated("this call is not authenticated"));
  }

  /**
   * The authenticated call, on the thread Flight invoked the producer on; empty when auth is off.
   * Throws IllegalStateException when auth is on but no call state is visible (wrong thread).
   */
  public Optional<AuthenticatedCall> currentCall(CallContext context) {
    if (authenticator == null) {
      return Optional.empty();
    }
    AuthMiddleware middleware = context.getMiddleware(MIDDLEWARE_KEY);
    if (middleware == null) {
      throw new IllegalStateException("no authentication state for this call: ask on the thread "
          + "Flight called the producer on, not from another executor");
    }
    return Optional.of(middleware.call());
  }

  /**
   * Revokes the bearer token this call used or was just given, so later calls with it fail.
   * False when auth is off or the token was already gone. Call it inside the producer method.
   */
  public boolean logout(CallContext context) {
    if (authenticator == null) {
      return false;
    }
    return authenticator.revoke(currentCall(context).orElseThrow());
  }

  @Override
  public String toString() {
    return authenticator == null ? "AuthSetup(disabled)" : "AuthSetup(" + authenticator.users() + ")";
  }
}
