package dev.mallard.cli;

import dev.mallard.auth.PasswordHash;
import dev.mallard.auth.Role;
import dev.mallard.auth.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mallard users}: manage the users file a server reads with {@code --users FILE}. */
@Command(
    name = "users",
    description = "Manage the users file of a server started with --auth --users FILE.",
    mixinStandardHelpOptions = true,
    subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class})
public final class UsersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** Parses admin / readwrite / readonly with the role's own message. */
  static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      try {
        return Role.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(
      name = "add",
      description = "Add a user to FILE (created if missing), or replace the user's role and password.",
      mixinStandardHelpOptions = true)
  public static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Users file.")
    Path file;

    @Parameters(index = "1", paramLabel = "NAME", description = "User name: letters, digits, . _ @ + -")
    String name;

    @Option(names = "--role", required = true, converter = RoleConverter.class,
        description = "admin, readwrite or readonly.")
    Role role;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "Read the password from this environment variable instead of the console or stdin.")
    String passwordEnv;

    @Option(names = "--iterations", hidden = true, defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
        description = "PBKDF2 iterations (default ${DEFAULT-VALUE}); lower only for tests.")
    int iterations;

    private final Map<String, String> env;
    private final Supplier<Console> console;
    private final InputStream stdin;

    public Add() {
      this(System.getenv(), System::console, System.in);
    }

    Add(Map<String, String> env, Supplier<Console> console, InputStream stdin) {
      this.env = env;
      this.console = console;
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      char[] password;
      try {
        password = readPassword();
      } catch (IllegalArgumentException e) {
        err.println("mallard users add: " + e.getMessage());
        return 2;
      }
      try {
        UserStore.addOrReplace(file, name, role, password, iterations);
      } catch (IllegalArgumentException e) {
        err.println("mallard users add: " + e.getMessage());
        return 1;
      } finally {
        Arrays.fill(password, '\0');
      }
      spec.commandLine().getOut().println("user '" + name + "' (" + role.label() + ") saved to " + file
          + "; restart servers using this file to pick it up");
      return 0;
    }

    private char[] readPassword() throws IOException {
      if (passwordEnv != null) {
        String value = env.get(passwordEnv);
        if (value == null || value.isEmpty()) {
          throw new IllegalArgumentException("environment variable " + passwordEnv + " is not set or empty");
        }
        return value.toCharArray();
      }
      Console terminal = console.get();
      if (terminal != null && isTerminal(terminal)) {
        char[] first = terminal.readPassword("Password for %s: ", name);
        char[] second = terminal.readPassword("Repeat password: ");
        try {
          if (first == null || first.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
          }
          if (!Arrays.equals(first, second)) {
            throw new IllegalArgumentException("passwords do not match");
          }
          return first.clone();
        } finally {
          if (first != null) {
            Arrays.fill(first, '\0');
          }
          if (second != null) {
            Arrays.fill(second, '\0');
          }
        }
      }
      // Not a terminal: the first line of stdin, as in: printf '%s\n' "$PW" | mallard users add ...
      BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("no password on standard input (or use --password-env VAR)");
      }
      return line.toCharArray();
    }

    // From Java 22 System.console() may exist without a terminal; isTerminal() then tells.
    private static boolean isTerminal(Console console) {
      try {
        Method isTerminal = Console.class.getMethod("isTerminal");
        return (Boolean) isTerminal.invoke(console);
      } catch (NoSuchMethodException e) {
        return true;
      } catch (ReflectiveOperationException e) {
        return true;
      }
    }
  }

  @Command(name = "list", description = "List the users and roles in FILE.", mixinStandardHelpOptions = true)
  public static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Users file.")
    Path file;

    @Override
    public Integer call() throws IOException {
      UserStore users;
      try {
        users = UserStore.load(file);
      } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
        spec.commandLine().getErr().println("mallard users list: " + e.getMessage());
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      for (UserStore.User user : users.users()) {
        out.println(user.name() + "\t" + user.role().label());
      }
      return 0;
    }
  }
}
