package dev.mallard.auth;

import java.util.Objects;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Who made a call, in which role, and the bearer token the call is bound to: the one it presented,
 * or the one issued to it when it logged in with a password (then sent back in a response header).
 */
public final class AuthenticatedCall implements CallHeaderAuthenticator.AuthResult {
  private final String identity;
  private final Role role;
  private final String token;
  private final boolean newlyIssued;

  AuthenticatedCall(String identity, Role role, String token, boolean newlyIssued) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.role = Objects.requireNonNull(role, "role");
    this.token = Objects.requireNonNull(token, "token");
    this.newlyIssued = newlyIssued;
  }

  @Override
  public String getPeerIdentity() {
    return identity;
  }

  public String identity() {
    return identity;
  }

  public Role role() {
    return role;
  }

  /** The call's bearer token, e.g. to revoke on logout. A secret: never log it. */
  public String token() {
    return token;
  }

  @Override
  public void appendToOutgoingHeaders(CallHeaders outgoing) {
    // Only a password login needs to learn its token; clients keep the one they have otherwise.
    if (newlyIssued) {
      outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
    }
  }

  @Override
  public String toString() {
    return "AuthenticatedCall(" + identity + ", " + role.label() + ")";
  }
}
