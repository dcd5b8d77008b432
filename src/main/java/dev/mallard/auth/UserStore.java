package dev.mallard.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users a server accepts, with their roles and password hashes. Loaded from a users file, one
 * user per line as {@code name:role:pbkdf2-sha256:iterations:saltB64:hashB64}, blank lines and
 * {@code #} comments ignored; or, for quick starts, one admin from MALLARD_USER/MALLARD_PASSWORD.
 * Clear-text passwords are never stored, only hashed and compared in constant time.
 */
public final class UserStore {
  public static final String USER_ENV = "MALLARD_USER";
  public static final String PASSWORD_ENV = "MALLARD_PASSWORD";

  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");
  private static final String FORMAT = "name:role:pbkdf2-sha256:iterations:salt:hash";
  private static final String FILE_HEADER =
      "# Mallard users, one per line: " + FORMAT + "\n"
          + "# Passwords are salted PBKDF2 hashes. Add or replace a user with: mallard users add FILE NAME --role ROLE\n";

  /** One account. The hash, never the password, is kept. */
  public record User(String name, Role role, PasswordHash hash) {
    public User {
      checkName(name);
      if (role == null || hash == null) {
        throw new IllegalArgumentException("user '" + name + "' needs a role and a password hash");
      }
    }
  }

  private final Map<String, User> users;
  // Checked against when the user is unknown, so a wrong name costs as long as a wrong password.
  private final PasswordHash decoy;

  private UserStore(Map<String, User> users) {
    this.users = Collections.unmodifiableMap(users);
    int iterations = users.values().stream().mapToInt(u -> u.hash().iterations()).max()
        .orElse(PasswordHash.DEFAULT_ITERATIONS);
    byte[] salt = new byte[16];
    byte[] hash = new byte[32];
    SecureRandom random = new SecureRandom();
    random.nextBytes(salt);
    random.nextBytes(hash);
    this.decoy = new PasswordHash(iterations, salt, hash);
  }

  public static UserStore of(Collection<User> users) {
    Map<String, User> byName = new LinkedHashMap<>();
    for (User user : users) {
      if (byName.putIfAbsent(user.name(), user) != null) {
        throw new IllegalArgumentException("user '" + user.name() + "' is listed twice");
      }
    }
    return new UserStore(byName);
  }

  public static UserStore empty() {
    return new UserStore(new LinkedHashMap<>());
  }

  /** Reads a users file; a malformed line fails the whole load with its line number. */
  public static UserStore load(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null,
          "users file not found (create it with: mallard users add " + file + " NAME --role ROLE)");
    }
    Map<String, User> byName = new LinkedHashMap<>();
    int weak = 0;
    for (int i = 0; i < lines.size(); i++) {
      User user = parseLine(file, i + 1, lines.get(i));
      if (user == null) {
        continue;
      }
      if (byName.putIfAbsent(user.name(), user) != null) {
        throw lineError(file, i + 1, "user '" + user.name() + "' is listed twice");
      }
      if (user.hash().iterations() < PasswordHash.DEFAULT_ITERATIONS) {
        weak++;
      }
    }
    if (weak > 0) {
      LOG.warn("{}: {} user(s) hashed with fewer than {} PBKDF2 iterations; re-add them with "
          + "'mallard users add' to strengthen", file, weak, PasswordHash.DEFAULT_ITERATIONS);
    }
    return new UserStore(byName);
  }

  /** The MALLARD_USER / MALLARD_PASSWORD admin, hashed in memory; empty when neither is set. */
  public static UserStore fromEnvironment() {
    return fromEnvironment(System.getenv(), PasswordHash.DEFAULT_ITERATIONS);
  }

  static UserStore fromEnvironment(Map<String, String> env, int iterations) {
    String name = env.get(USER_ENV);
    String password = env.get(PASSWORD_ENV);
    boolean hasName = name != null && !name.isEmpty();
    boolean hasPassword = password != null && !password.isEmpty();
    if (!hasName && !hasPassword) {
      return empty();
    }
    if (!hasName || !hasPassword) {
      throw new IllegalArgumentException("set both " + USER_ENV + " and " + PASSWORD_ENV + " (only "
          + (hasName ? USER_ENV : PASSWORD_ENV) + " is set)");
    }
    char[] chars = password.toCharArray();
    try {
      return of(List.of(new User(name, Role.ADMIN, PasswordHash.create(chars, iterations))));
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  public int size() {
    return users.size();
  }

  /** The users in file order. */
  public Collection<User> users() {
    return users.values();
  }

  /** The user if the name is known and the password matches; takes as long when it is unknown. */
  public Optional<User> authenticate(String name, char[] password) {
    User user = users.get(name);
    if (user == null) {
      decoy.matches(password);
      return Optional.empty();
    }
    return user.hash().matches(password) ? Optional.of(user) : Optional.empty();
  }

  public Optional<Role> roleOf(String name) {
    User user = name == null ? null : users.get(name);
    return user == null ? Optional.empty() : Optional.of(user.role());
  }

  /**
   * Adds a user to a users file, or replaces the line of a user with that name, keeping every other
   * line. Refuses to touch a malformed file. The file is rewritten atomically, owner-only on POSIX.
   */
  public static void addOrReplace(Path file, String name, Role role, char[] password, int iterations)
      throws IOException {
    checkName(name);
    String newLine = name + ':' + role.label() + ':' + PasswordHash.create(password, iterations).encode();
    List<String> lines = new ArrayList<>();
    if (Files.exists(file)) {
      lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    } else {
      lines.addAll(FILE_HEADER.lines().toList());
    }
    boolean replaced = false;
    for (int i = 0; i < lines.size(); i++) {
      User user = parseLine(file, i + 1, lines.get(i));
      if (user != null && user.name().equals(name)) {
        lines.set(i, newLine);
        replaced = true;
      }
    }
    if (!replaced) {
      lines.add(newLine);
    }
    writeAtomically(file, String.join("\n", lines) + "\n");
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Null for blank and comment lines. */
  private static User parseLine(Path file, int number, String line) {
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return null;
    }
    String[] fields = text.split(":", -1);
    if (fields.length != 6) {
      throw lineError(file, number, "expected 6 fields " + FORMAT + ", found " + fields.length);
    }
    try {
      checkName(fields[0]);
      Role role = Role.parse(fields[1]);
      PasswordHash hash = PasswordHash.decode(fields[2], fields[3], fields[4], fields[5]);
      return new User(fields[0], role, hash);
    } catch (IllegalArgumentException e) {
      throw lineError(file, number, e.getMessage());
    }
  }

  private static IllegalArgumentException lineError(Path file, int number, String problem) {
    return new IllegalArgumentException("users file " + file + " line " + number + ": " + problem);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid user name '" + name
          + "': use 1 to 64 letters, digits or . _ @ + -");
    }
  }

  @Override
  public String toString() {
    return "UserStore(" + users.size() + " users)";
  }
}
