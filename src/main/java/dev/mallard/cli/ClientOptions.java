package dev.mallard.cli;

import dev.mallard.client.MallardClient;
import java.net.URI;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine.Option;

/** How a command reaches servers: credentials, if the servers require them. */
final class ClientOptions {
  @Option(names = "--user", description = "User name, for servers started with --auth.")
  String user;

  @Option(names = "--password-env", defaultValue = "MALLARD_PASSWORD",
      description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  MallardClient connect(URI uri, BufferAllocator allocator) {
    Location location = new Location(uri);
    if (user == null) {
      return MallardClient.connect(location, allocator);
    }
    String password = System.getenv(passwordEnv);
    if (password == null) {
      throw new IllegalArgumentException("--user given but $" + passwordEnv + " is not set");
    }
    return MallardClient.connect(location, allocator, user, password);
  }
}
