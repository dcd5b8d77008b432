package dev.mallard.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;

/**
 * How a client checks a {@code grpc+tls} server: against the JVM's trust store, or against
 * certificates in a PEM file (a self-signed server certificate, or a private CA).
 */
public final class ClientTls {
  private final Path trustedCertificates;

  private ClientTls(Path trustedCertificates) {
    this.trustedCertificates = trustedCertificates;
  }

  /** Trusts what the JVM trusts (its cacerts): for certificates from a public CA. */
  public static ClientTls systemTrust() {
    return new ClientTls(null);
  }

  /** Trusts the certificates in this PEM file, and only those. */
  public static ClientTls trusting(Path pemCertificates) {
    if (!Files.isReadable(pemCertificates)) {
      throw new IllegalArgumentException("cannot read trusted certificate file " + pemCertificates);
    }
    return new ClientTls(pemCertificates);
  }

  FlightClient.Builder builder(org.apache.arrow.memory.BufferAllocator allocator, Location location) {
    if (!"grpc+tls".equals(location.getUri().getScheme())) {
      throw new IllegalArgumentException("TLS settings need a grpc+tls:// location, got " + location.getUri());
    }
    FlightClient.Builder builder = FlightClient.builder(allocator, location).useTls();
    if (trustedCertificates != null) {
      try {
        // Flight reads the stream when the client is built, so hand it bytes, not an open file
        builder.trustedCertificates(new ByteArrayInputStream(Files.readAllBytes(trustedCertificates)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read trusted certificate file " + trustedCertificates, e);
      }
    }
    return builder;
  }

  @Override
  public String toString() {
    return trustedCertificates == null ? "ClientTls(system trust)" : "ClientTls(trusting " + trustedCertificates + ")";
  }
}
