package dev.mallard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  private TokenStore store(int maxEntries) {
    return new TokenStore(clock, Duration.ofHours(1), Duration.ofHours(24), maxEntries);
  }

  @Test
  void tokensAre256RandomBitsInBase64Url() {
    TokenStore tokens = store(100);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String token = tokens.issue("alice");
      assertEquals(32, Base64.getUrlDecoder().decode(token).length);
      assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
      assertTrue(seen.add(token));
    }
  }

  @Test
  void validTokenNamesItsIdentity() {
    TokenStore tokens = store(100);
    String alice = tokens.issue("alice");
    String bob = tokens.issue("bob");
    assertEquals(new TokenStore.Check(TokenStore.Status.VALID, "alice"), tokens.check(alice));
    assertEquals("bob", tokens.check(bob).identity());
  }

  @Test
  void forgedTokenIsUnknown() {
    TokenStore tokens = store(100);
    String real = tokens.issue("alice");
    String forged = real.substring(0, 42) + (real.charAt(42) == 'A' ? 'B' : 'A');
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(forged).status());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check("").status());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(null).status());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check("x".repeat(10_000)).status());
  }

  @Test
  void tokenExpiresAfterTtlWithoutUse() {
    TokenStore tokens = store(100);
    String token = tokens.issue("alice");
    clock.advance(Duration.ofMinutes(59));
    assertEquals(TokenStore.Status.VALID, tokens.check(token).status());
    // Use refreshed it: another 59 minutes is still fine, a full hour idle is not.
    clock.advance(Duration.ofMinutes(59));
    assertEquals(TokenStore.Status.VALID, tokens.check(token).status());
    clock.advance(Duration.ofHours(1));
    assertEquals(TokenStore.Status.EXPIRED, tokens.check(token).status());
    // Forgotten once seen expired.
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(token).status());
    assertEquals(0, tokens.size());
  }

  @Test
  void tokenExpiresAtMaxLifetimeEvenWhenInUse() {
    TokenStore tokens = store(100);
    String token = tokens.issue("alice");
    for (int i = 0; i < 47; i++) {
      clock.advance(Duration.ofMinutes(30));
      assertEquals(TokenStore.Status.VALID, tokens.check(token).status(), "after " + (i + 1) * 30 + " min");
    }
    clock.advance(Duration.ofMinutes(30));
    assertEquals(TokenStore.Status.EXPIRED, tokens.check(token).status());
  }

  @Test
  void revokedTokenIsUnknown() {
    TokenStore tokens = store(100);
    String token = tokens.issue("alice");
    String other = tokens.issue("alice");
    assertTrue(tokens.revoke(token));
    assertFalse(tokens.revoke(token));
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(token).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(other).status());
  }

  @Test
  void revokeAllForgetsOneIdentity() {
    TokenStore tokens = store(100);
    String a1 = tokens.issue("alice");
    String a2 = tokens.issue("alice");
    String b = tokens.issue("bob");
    assertEquals(2, tokens.revokeAll("alice"));
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(a1).status());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(a2).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(b).status());
  }

  @Test
  void fullStoreEvictsExpiredFirstThenLeastRecentlyUsed() {
    TokenStore tokens = store(3);
    String a = tokens.issue("a");
    clock.advance(Duration.ofMinutes(10));
    String b = tokens.issue("b");
    clock.advance(Duration.ofMinutes(10));
    String c = tokens.issue("c");
    clock.advance(Duration.ofMinutes(10));
    assertEquals(TokenStore.Status.VALID, tokens.check(a).status()); // a is now the most recent
    clock.advance(Duration.ofMinutes(45)); // t=75 min: only b (last used at 10) is idle an hour

    String d = tokens.issue("d");
    assertEquals(3, tokens.size());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(b).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(a).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(d).status());

    // Nothing expired now: the least recently used (c) makes room.
    String e = tokens.issue("e");
    assertEquals(3, tokens.size());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(c).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(a).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(d).status());
    assertEquals(TokenStore.Status.VALID, tokens.check(e).status());
  }

  @Test
  void storeStaysBoundedAfter20kLogins() {
    TokenStore tokens = new TokenStore(clock, Duration.ofHours(1), Duration.ofHours(24), 10_000);
    String first = tokens.issue("user0");
    String last = first;
    for (int i = 1; i < 20_000; i++) {
      last = tokens.issue("user" + i);
      assertTrue(tokens.size() <= 10_000);
    }
    assertEquals(10_000, tokens.size());
    assertEquals(TokenStore.Status.UNKNOWN, tokens.check(first).status());
    assertEquals("user19999", tokens.check(last).identity());
  }

  @Test
  void expiredTokensAreDroppedWhenIssuing() {
    TokenStore tokens = store(10_000);
    for (int i = 0; i < 500; i++) {
      tokens.issue("old" + i);
    }
    clock.advance(Duration.ofHours(2));
    String fresh = tokens.issue("new");
    assertEquals(1, tokens.size());
    assertNotEquals(TokenStore.Status.UNKNOWN, tokens.check(fresh).status());
  }
}
