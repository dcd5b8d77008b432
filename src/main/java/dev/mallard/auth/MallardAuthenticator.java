package dev.mallard.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flight's header authentication: {@code Authorization: Basic} (user and password) on any call,
 * answered with {@code Authorization: Bearer <token>}; {@code Authorization: Bearer} on later calls.
 * Accepting Basic on any RPC, not only Handshake, is what the Flight SQL JDBC driver needs; pyarrow's
 * {@code authenticate_basic_token} and Java's {@code FlightClient.authenticateBasicToken} use Handshake.
 * Every refusal is UNAUTHENTICATED with a message that never repeats the secret.
 */
public final class MallardAuthenticator implements CallHeaderAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(MallardAuthenticator.class);
  private static final String BASIC = Auth2Constants.BASIC_PREFIX.strip();
  private static final String BEARER = Auth2Constants.BEARER_PREFIX.strip();
  // Far above any real user:password, far below what would make decoding a burden.
  private static final int MAX_BASIC_CHARS = 4096;

  private final UserStore users;
  private final TokenStore tokens;

  public MallardAuthenticator(UserStore users, TokenStore tokens) {
    this.users = Objects.requireNonNull(users, "users");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    if (users.isEmpty()) {
      throw new IllegalArgumentException(AuthSetup.NO_USERS);
    }
  }

  public UserStore users() {
    return users;
  }

  public TokenStore tokens() {
    return tokens;
  }

  @Override
  public AuthenticatedCall authenticate(CallHeaders headers) {
    String value = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
    if (value == null || value.isBlank()) {
      throw unauthenticated("authentication required: log in with a user name and password "
          + "(Authorization: Basic) or send the bearer token you were given");
    }
    String credentials = value.strip();
    if (hasScheme(credentials, BEARER)) {
      return fromBearer(credentials.substring(BEARER.length()).strip());
    }
    if (hasScheme(credentials, BASIC)) {
      return fromBasic(credentials.substring(BASIC.length()).strip());
    }
    throw unauthenticated("unsupported Authorization scheme: use Basic (user and password) or Bearer");
  }

  /** Revokes the token a password login or bearer call used; true if it was still live. */
  public boolean revoke(AuthenticatedCall call) {
    return tokens.revoke(call.token());
  }

  private AuthenticatedCall fromBearer(String token) {
    TokenStore.Check check = tokens.check(token);
    switch (check.status()) {
      case VALID:
        Optional<Role> role = users.roleOf(check.identity());
        if (role.isEmpty()) {
          throw unauthenticated("the user of this bearer token no longer exists: log in again");
        }
        return new AuthenticatedCall(check.identity(), role.get(), token, false);
      case EXPIRED:
        throw unauthenticated("bearer token expired (unused for " + tokens.idleTimeout()
            + " or too old): log in again with user name and password");
      default:
        throw unauthenticated(
            "bearer token is not valid (unknown or logged out): log in again with user name and password");
    }
  }

  private AuthenticatedCall fromBasic(String encoded) {
    if (encoded.length() > MAX_BASIC_CHARS) {
      throw unauthenticated("Basic credentials are too long");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw unauthenticated("malformed Basic credentials: expected base64 of user:password");
    }
    char[] chars;
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
      Arrays.fill(decoded.array(), '\0');
    } catch (CharacterCodingException e) {
      throw unauthenticated("malformed Basic credentials: user:password is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    try {
      int colon = indexOf(chars, ':');
      if (colon < 0) {
        throw unauthenticated("malformed Basic credentials: expected user:password");
      }
      String name = new String(chars, 0, colon);
      char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
      try {
        Optional<UserStore.User> user = users.authenticate(name, password);
        if (user.isEmpty()) {
          LOG.debug("password login refused for user '{}'", name);
          throw unauthenticated("login failed for user '" + name + "': unknown user or wrong password");
        }
        String token = tokens.issue(name);
        return new AuthenticatedCall(name, user.get().role(), token, true);
      } finally {
        Arrays.fill(password, '\0');
      }
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static boolean hasScheme(String credentials, String scheme) {
    // RFC 9110: the scheme is case-insensitive and followed by a space.
    return credentials.length() > scheme.length()
        && credentials.regionMatches(true, 0, scheme, 0, scheme.length())
        && credentials.charAt(scheme.length()) == ' ';
  }

  private static int indexOf(char[] chars, char wanted) {
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  static FlightRuntimeException unauthenticated(String message) {
    return CallStatus.UNAUTHENTICATED.withDescription(message).toRuntimeException();
  }
}
