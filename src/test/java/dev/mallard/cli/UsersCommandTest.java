package dev.mallard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.auth.Role;
import dev.mallard.auth.UserStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UsersCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs {@code users ARGS} with this environment and standard input, no terminal. */
  private int run(Map<String, String> env, String stdin, String... args) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == UsersCommand.Add.class) {
          return type.cast(new UsersCommand.Add(env, () -> null,
              new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine cli = new CommandLine(UsersCommand.class, factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void addFromStdinThenList() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(0, run(Map.of(), "first secret\n", "add", file.toString(), "alice", "--role", "admin",
        "--iterations", "1000"), err.toString());
    assertEquals(0, run(Map.of("BOB_PW", "second secret"), "", "add", file.toString(), "bob",
        "--role", "readonly", "--password-env", "BOB_PW", "--iterations", "1000"), err.toString());
    assertTrue(out.toString().contains("user 'bob' (readonly) saved to"), out.toString());

    String text = Files.readString(file);
    assertFalse(text.contains("first secret") || text.contains("second secret"), text);
    UserStore users = UserStore.load(file);
    assertEquals(Role.ADMIN, users.authenticate("alice", "first secret".toCharArray()).orElseThrow().role());
    assertEquals(Role.READONLY, users.authenticate("bob", "second secret".toCharArray()).orElseThrow().role());

    out.getBuffer().setLength(0);
    assertEquals(0, run(Map.of(), "", "list", file.toString()), err.toString());
    assertEquals("alice\tadmin\nbob\treadonly\n", out.toString().replace("\r\n", "\n"));
  }

  @Test
  void defaultIterationsAreStrong() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(0, run(Map.of(), "pw\n", "add", file.toString(), "carol", "--role", "readwrite"), err.toString());
    String line = Files.readAllLines(file).stream().filter(l -> l.startsWith("carol:")).findFirst().orElseThrow();
    assertTrue(line.startsWith("carol:readwrite:pbkdf2-sha256:210000:"), line);
  }

  @Test
  void unknownRoleIsAUsageError() {
    Path file = dir.resolve("users.txt");
    assertEquals(2, run(Map.of(), "pw\n", "add", file.toString(), "alice", "--role", "root"));
    assertTrue(err.toString().contains("unknown role 'root': use admin, readwrite or readonly"), err.toString());
    assertFalse(Files.exists(file));
  }

  @Test
  void missingPasswordIsExplained() {
    Path file = dir.resolve("users.txt");
    assertEquals(2, run(Map.of(), "", "add", file.toString(), "alice", "--role", "admin"));
    assertTrue(err.toString().contains("no password on standard input"), err.toString());
    assertEquals(2, run(Map.of(), "", "add", file.toString(), "alice", "--role", "admin", "--password-env", "NOPE"));
    assertTrue(err.toString().contains("environment variable NOPE is not set"), err.toString());
    assertFalse(Files.exists(file));
  }

  @Test
  void badNameAndMalformedFileAreReported() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(1, run(Map.of(), "pw\n", "add", file.toString(), "bad name", "--role", "admin"));
    assertTrue(err.toString().contains("invalid user name 'bad name'"), err.toString());

    Files.writeString(file, "# users\nnot a user line\n");
    assertEquals(1, run(Map.of(), "", "list", file.toString()));
    assertTrue(err.toString().contains("line 2"), err.toString());
  }
}
