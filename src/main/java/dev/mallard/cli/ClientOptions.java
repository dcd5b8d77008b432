package dev.mallard.cli;

import dev.mallard.arrow.IpcCompression;
import dev.mallard.client.ClientTls;
import dev.mallard.client.MallardClient;
import java.net.URI;
import java.nio.file.Path;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a command reaches servers: credentials and TLS trust when the servers require them, and compression. */
final class ClientOptions {
  @Option(names = "--user", description = "User name, for servers started with --auth.")
  String user;

  @Option(names = "--password-env", defaultValue = "MALLARD_PASSWORD",
      description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  @Option(names = "--tls-ca", description = "PEM certificates to trust for grpc+tls servers (default: the system's).")
  Path tlsCa;

  @Option(names = "--compression", defaultValue = "none", converter = CompressionConverter.class,
      description = "Arrow IPC body compression for data both ways: none, zstd, or auto (each stream times both"
          + " and keeps the faster) (default: ${DEFAULT-VALUE}); zstd is for slow links, it costs CPU on fast ones.")
  IpcCompression compression;

  static final class CompressionConverter implements CommandLine.ITypeConverter<IpcCompression> {
    @Override
    public IpcCompression convert(String value) {
      return IpcCompression.parse(value);
    }
  }

  MallardClient connect(URI uri, BufferAllocator allocator) {
    return connectPlain(uri, allocator).setCompression(compression);
  }

  private MallardClient connectPlain(URI uri, BufferAllocator allocator) {
    Location location = new Location(uri);
    ClientTls tls = !"grpc+tls".equals(uri.getScheme()) ? null
        : tlsCa != null ? ClientTls.trusting(tlsCa) : ClientTls.systemTrust();
    if (user == null) {
      return MallardClient.connect(location, allocator, tls);
    }
    String password = System.getenv(passwordEnv);
    if (password == null) {
      throw new IllegalArgumentException("--user given but $" + passwordEnv + " is not set");
    }
    return MallardClient.connect(location, allocator, tls, user, password);
  }
}
