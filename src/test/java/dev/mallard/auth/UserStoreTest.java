package dev.mallard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
  // Cheap hashes keep the tests quick; the format stores the count per user.
  private static final int ITERATIONS = 1_000;

  @TempDir Path dir;

  @Test
  void passwordFileRoundTrip() throws IOException {
    Path file = dir.resolve("users.txt");
    UserStore.addOrReplace(file, "alice", Role.ADMIN, "correct horse".toCharArray(), ITERATIONS);
    UserStore.addOrReplace(file, "bob", Role.READONLY, "battery staple".toCharArray(), ITERATIONS);

    String text = Files.readString(file);
    assertFalse(text.contains("correct horse"), text);
    assertFalse(text.contains("battery staple"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("alice:admin:pbkdf2-sha256:1000:")), text);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    UserStore users = UserStore.load(file);
    assertEquals(2, users.size());
    assertEquals(Role.ADMIN, users.authenticate("alice", "correct horse".toCharArray()).orElseThrow().role());
    assertEquals(Role.READONLY, users.authenticate("bob", "battery staple".toCharArray()).orElseThrow().role());
    assertTrue(users.authenticate("alice", "battery staple".toCharArray()).isEmpty());
    assertTrue(users.authenticate("carol", "correct horse".toCharArray()).isEmpty());
    assertTrue(users.authenticate("alice", new char[0]).isEmpty());
  }

  @Test
  void saltsDifferSoEqualPasswordsHashDifferently() throws IOException {
    Path file = dir.resolve("users.txt");
    UserStore.addOrReplace(file, "a", Role.ADMIN, "same".toCharArray(), ITERATIONS);
    UserStore.addOrReplace(file, "b", Role.ADMIN, "same".toCharArray(), ITERATIONS);
    List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
    String[] a = lines.get(0).split(":");
    String[] b = lines.get(1).split(":");
    assertFalse(a[4].equals(b[4]), "salts");
    assertFalse(a[5].equals(b[5]), "hashes");
    assertEquals(16, java.util.Base64.getDecoder().decode(a[4]).length);
  }

  @Test
  void replacingAUserKeepsOtherLinesAndComments() throws IOException {
    Path file = dir.resolve("users.txt");
    UserStore.addOrReplace(file, "alice", Role.ADMIN, "one".toCharArray(), ITERATIONS);
    Files.writeString(file, Files.readString(file) + "# bob is the nightly job\n");
    UserStore.addOrReplace(file, "bob", Role.READWRITE, "two".toCharArray(), ITERATIONS);
    UserStore.addOrReplace(file, "alice", Role.READONLY, "three".toCharArray(), ITERATIONS);

    String text = Files.readString(file);
    assertTrue(text.contains("# bob is the nightly job"));
    assertEquals(1, text.lines().filter(l -> l.startsWith("alice:")).count());
    UserStore users = UserStore.load(file);
    assertEquals(List.of("alice", "bob"), users.users().stream().map(UserStore.User::name).toList());
    assertEquals(Role.READONLY, users.roleOf("alice").orElseThrow());
    assertTrue(users.authenticate("alice", "one".toCharArray()).isEmpty());
    assertTrue(users.authenticate("alice", "three".toCharArray()).isPresent());
  }

  @Test
  void defaultIterationsMeetTheFloor() {
    PasswordHash hash = PasswordHash.create("pw".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
    assertTrue(hash.iterations() >= 210_000);
    assertTrue(hash.matches("pw".toCharArray()));
    assertFalse(hash.matches("pW".toCharArray()));
  }

  @Test
  void malformedLineIsNamedByNumber() throws IOException {
    Path file = dir.resolve("users.txt");
    UserStore.addOrReplace(file, "alice", Role.ADMIN, "pw".toCharArray(), ITERATIONS);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.add("");
    lines.add("bob:readonly:pbkdf2-sha256:1000:onlyfivefields");
    Files.write(file, lines);
    int badLine = lines.size();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserStore.load(file));
    assertTrue(e.getMessage().contains("line " + badLine + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 6 fields"), e.getMessage());
  }

  @Test
  void unknownRoleIsNamedWithTheLine() throws IOException {
    Path file = dir.resolve("users.txt");
    UserStore.addOrReplace(file, "alice", Role.ADMIN, "pw".toCharArray(), ITERATIONS);
    String line = Files.readAllLines(file).stream().filter(l -> l.startsWith("alice:")).findFirst().orElseThrow();
    Files.writeString(file, "# header\n" + line.replace(":admin:", ":superuser:") + "\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserStore.load(file));
    assertTrue(e.getMessage().contains("line 2: unknown role 'superuser'"), e.getMessage());
    assertTrue(e.getMessage().contains("admin, readwrite or readonly"), e.getMessage());
  }

  @Test
  void badFieldsAreExplained() throws IOException {
    Path file = dir.resolve("users.txt");
    assertLoadFails(file, "alice:admin:md5:1000:AAAA:AAAA", "line 1: unsupported password algorithm 'md5'");
    assertLoadFails(file, "alice:admin:pbkdf2-sha256:many:AAAA:AAAA", "line 1: iterations 'many' is not a number");
    assertLoadFails(file, "alice:admin:pbkdf2-sha256:1000:!!!:AAAA", "line 1: salt or hash is not valid base64");
    assertLoadFails(file, "al ice:admin:pbkdf2-sha256:1000:AAAA:AAAA", "line 1: invalid user name");
    assertLoadFails(file, "a:admin:pbkdf2-sha256:1000:AAAA:AAAA\na:readonly:pbkdf2-sha256:1000:AAAA:AAAA",
        "line 2: user 'a' is listed twice");
  }

  private static void assertLoadFails(Path file, String content, String expected) throws IOException {
    Files.writeString(file, content + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserStore.load(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void addRefusesToRewriteAMalformedFile() throws IOException {
    Path file = dir.resolve("users.txt");
    Files.writeString(file, "garbage\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UserStore.addOrReplace(file, "alice", Role.ADMIN, "pw".toCharArray(), ITERATIONS));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertEquals("garbage\n", Files.readString(file));
  }

  @Test
  void missingFileSaysHowToCreateIt() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> UserStore.load(dir.resolve("nope.txt")));
    assertTrue(e.getMessage().contains("mallard users add"), e.getMessage());
  }

  @Test
  void environmentAdmin() {
    UserStore users = UserStore.fromEnvironment(
        Map.of(UserStore.USER_ENV, "root", UserStore.PASSWORD_ENV, "s3cret"), ITERATIONS);
    assertEquals(1, users.size());
    assertEquals(Role.ADMIN, users.authenticate("root", "s3cret".toCharArray()).orElseThrow().role());
    assertTrue(users.authenticate("root", "S3cret".toCharArray()).isEmpty());
    assertFalse(users.toString().contains("s3cret"));
  }

  @Test
  void environmentWithoutVariablesIsEmptyAndHalfSetIsAnError() {
    assertTrue(UserStore.fromEnvironment(Map.of(), ITERATIONS).isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UserStore.fromEnvironment(Map.of(UserStore.PASSWORD_ENV, "s3cret"), ITERATIONS));
    assertTrue(e.getMessage().contains("only MALLARD_PASSWORD is set"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
  }

  @Test
  void rolesParseFromLowerCase() {
    assertEquals(Role.ADMIN, Role.parse("admin"));
    assertEquals(Role.READWRITE, Role.parse("ReadWrite"));
    assertEquals(Role.READONLY, Role.parse(" readonly "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("root"));
    assertTrue(e.getMessage().contains("unknown role 'root'"));
  }
}
