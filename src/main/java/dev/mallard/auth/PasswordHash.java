package dev.mallard.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash. The iteration count travels with each hash so the
 * default can rise without invalidating stored users, and tests can use cheap hashes.
 */
public final class PasswordHash {
  public static final String ALGORITHM_LABEL = "pbkdf2-sha256";
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  PasswordHash(int iterations, byte[] salt, byte[] hash) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive, got " + iterations);
    }
    if (salt.length == 0 || hash.length == 0) {
      throw new IllegalArgumentException("salt and hash must not be empty");
    }
    this.iterations = iterations;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  /** Hashes a new password with a fresh random salt. */
  public static PasswordHash create(char[] password, int iterations) {
    if (password.length == 0) {
      throw new IllegalArgumentException("password must not be empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
  }

  /** Constant-time check of a candidate password against this hash. */
  public boolean matches(char[] candidate) {
    if (candidate.length == 0) {
      return false; // no stored password is empty, and the JCA refuses an empty HMAC key
    }
    return MessageDigest.isEqual(hash, derive(candidate, salt, iterations, hash.length));
  }

  public int iterations() {
    return iterations;
  }

  /** {@code pbkdf2-sha256:iterations:saltB64:hashB64}, the tail of a users-file line. */
  public String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    return ALGORITHM_LABEL + ':' + iterations + ':' + b64.encodeToString(salt) + ':'
        + b64.encodeToString(hash);
  }

  /** Parses the four fields {@link #encode()} writes; the message says which one is wrong. */
  static PasswordHash decode(String algorithm, String iterations, String salt, String hash) {
    if (!ALGORITHM_LABEL.equals(algorithm)) {
      throw new IllegalArgumentException(
          "unsupported password algorithm '" + algorithm + "': expected " + ALGORITHM_LABEL);
    }
    int count;
    try {
      count = Integer.parseInt(iterations);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations '" + iterations + "' is not a number");
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] saltBytes;
    byte[] hashBytes;
    try {
      saltBytes = b64.decode(salt);
      hashBytes = b64.decode(hash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt or hash is not valid base64");
    }
    return new PasswordHash(count, saltBytes, hashBytes);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(JCA_ALGORITHM + " is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordHash other
        && iterations == other.iterations
        && Arrays.equals(salt, other.salt)
        && MessageDigest.isEqual(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return ALGORITHM_LABEL + '(' + iterations + " iterations)";
  }
}
