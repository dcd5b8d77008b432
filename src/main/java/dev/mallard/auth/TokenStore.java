package dev.mallard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Bearer tokens handed out after a password login: 256 random bits, base64url. A token expires
 * once unused for {@code idleTimeout}, and in any case {@code maxLifetime} after it was issued; it
 * can be revoked. Only SHA-256 digests are kept, so a map lookup never compares secrets and a heap
 * dump holds no usable token. At most {@code maxEntries} live at once: the least recently used
 * goes first, and since expiry follows last use, that is where expired tokens gather.
 */
public final class TokenStore {
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private static final int TOKEN_BYTES = 32;
  // A longer header cannot be one of ours; refusing it early keeps hashing cheap.
  private static final int MAX_TOKEN_CHARS = 256;

  /** What a presented token turned out to be. */
  public enum Status { VALID, EXPIRED, UNKNOWN }

  /** The outcome of {@link #check}: the identity only when VALID. */
  public record Check(Status status, String identity) {}

  private record Entry(String identity, Instant issued, Instant lastUsed) {}

  private final Clock clock;
  private final Duration idleTimeout;
  private final Duration maxLifetime;
  private final int maxEntries;
  private final SecureRandom random = new SecureRandom();
  // Access order: iteration starts at the least recently used token.
  private final LinkedHashMap<Digest, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  public TokenStore(Clock clock, Duration idleTimeout, Duration maxLifetime, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("token TTL must be positive, got " + idleTimeout);
    }
    if (maxLifetime.compareTo(idleTimeout) < 0) {
      throw new IllegalArgumentException(
          "token max lifetime " + maxLifetime + " is shorter than its TTL " + idleTimeout);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("token store needs room for at least one token");
    }
    this.idleTimeout = idleTimeout;
    this.maxLifetime = maxLifetime;
    this.maxEntries = maxEntries;
  }

  public TokenStore(Clock clock, Duration idleTimeout) {
    this(clock, idleTimeout, max(idleTimeout, DEFAULT_MAX_LIFETIME), DEFAULT_MAX_ENTRIES);
  }

  public TokenStore(Duration idleTimeout) {
    this(Clock.systemUTC(), idleTimeout);
  }

  public TokenStore() {
    this(DEFAULT_TTL);
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** A new token for this identity; makes room first if the store is full. */
  public synchronized String issue(String identity) {
    Objects.requireNonNull(identity, "identity");
    byte[] raw = new byte[TOKEN_BYTES];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    dropExpired(now);
    Iterator<Entry> oldest = entries.values().iterator();
    while (entries.size() >= maxEntries && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    entries.put(Digest.of(token), new Entry(identity, now, now));
    return token;
  }

  /** Looks a token up; a valid one counts as used now, an expired one is forgotten. */
  public synchronized Check check(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return new Check(Status.UNKNOWN, null);
    }
    Digest digest = Digest.of(token);
    Entry entry = entries.get(digest);
    if (entry == null) {
      return new Check(Status.UNKNOWN, null);
    }
    Instant now = clock.instant();
    if (isExpired(entry, now)) {
      entries.remove(digest);
      return new Check(Status.EXPIRED, null);
    }
    entries.put(digest, new Entry(entry.identity(), entry.issued(), now));
    return new Check(Status.VALID, entry.identity());
  }

  /** Forgets a token; true if it was known. */
  public synchronized boolean revoke(String token) {
    return token != null && token.length() <= MAX_TOKEN_CHARS && entries.remove(Digest.of(token)) != null;
  }

  /** Forgets every token of one identity, e.g. after its password changed. */
  public synchronized int revokeAll(String identity) {
    int before = entries.size();
    entries.values().removeIf(e -> e.identity().equals(identity));
    return before - entries.size();
  }

  public synchronized int size() {
    return entries.size();
  }

  private void dropExpired(Instant now) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      if (!isExpired(it.next(), now)) {
        // Later tokens were used later, so none is idle-expired; one past only its max lifetime
        // is caught when presented, or evicted in turn.
        break;
      }
      it.remove();
    }
  }

  private boolean isExpired(Entry entry, Instant now) {
    return !now.isBefore(entry.lastUsed().plus(idleTimeout))
        || !now.isBefore(entry.issued().plus(maxLifetime));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A token's SHA-256; equality is constant-time, the hash code is public knowledge anyway. */
  private static final class Digest {
    private final byte[] bytes;
    private final int hash;

    private Digest(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    static Digest of(String token) {
      try {
        return new Digest(MessageDigest.getInstance("SHA-256")
            .digest(token.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available in this JVM", e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  @Override
  public synchronized String toString() {
    return "TokenStore(" + entries.size() + " tokens, ttl " + idleTimeout + ")";
  }
}
