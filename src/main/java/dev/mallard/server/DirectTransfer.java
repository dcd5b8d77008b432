package dev.mallard.server;

import dev.mallard.arrow.FlightUpload;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.ReadAheadReader;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.StreamStats;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * TRANSFER, direct mode: this server runs the source query and pushes the result straight into
 * another Mallard server with DoPut, so the data crosses the network once and never passes
 * through the client. The only place a server acts as a Flight client.
 *
 * <p>Credentials for the target travel in the request: {@code "token"} (a bearer token the
 * target issued) or {@code "username"}/{@code "password"} (this server logs in with them).
 */
final class DirectTransfer {
  private DirectTransfer() {}

  static StreamStats run(CallContext context, byte[] body, DuckDbDatabase database, BufferAllocator parent,
      ServerConfig config, AccessGuard guard, CallMemory memory, ExecutorService readAhead) throws Exception {
    Map<String, Object> request = WireJson.object(Utf8Text.decode(body, "transfer request"), "transfer request");
    String query = sourceQuery(request);
    Location target = targetLocation(WireJson.string(request, "target", "transfer request"));
    String targetTable = WireJson.string(request, "target_table", "transfer request");
    PutMode mode;
    int batchSize;
    try {
      mode = PutMode.parse(String.valueOf(request.getOrDefault("mode", "append")));
      batchSize = ServerConfig.checkBatchSize(((Number) request.getOrDefault("batch_size", config.batchSize())).longValue());
    } catch (IllegalArgumentException | ClassCastException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("transfer request: " + e.getMessage()).toRuntimeException();
    }
    try (CallAllocator calls = new CallAllocator(parent, "transfer", memory);
        DuckDBConnection connection = database.connect()) {
      guard.checkQuery(context, connection, query);
      try (FlightClient client = FlightClient.builder(calls.get(), target).build();
          QueryExport export = QueryExport.open(connection, query, calls.get(), batchSize);
          ReadAheadReader ahead = config.prefetchBatches() > 0
              ? new ReadAheadReader(calls.get(), export.reader(), config.prefetchBatches(), readAhead)
              : null) {
        ArrowReader source = ahead != null ? ahead : export.reader();
        CallOption[] credentials = credentials(client, request);
        // the same read-ahead as a GET, so direct and relay transfers differ only in the route
        return FlightUpload.upload(client, FlightUpload.descriptor(targetTable, mode), source,
            true, ResponseCompression.of(context), () -> context.isCancelled(), credentials);
      } catch (FlightRuntimeException e) {
        throw e.status().code() == FlightStatusCode.UNAVAILABLE ? unreachable(target, e) : e;
      }
    }
  }

  /** gRPC says only "io exception" or "Connection refused": name the target, and what TLS needs. */
  private static FlightRuntimeException unreachable(Location target, FlightRuntimeException e) {
    String hint = "grpc+tls".equals(target.getUri().getScheme())
        ? " (this server must trust the target's certificate: start its JVM with -Djavax.net.ssl.trustStore=...)"
        : "";
    return CallStatus.UNAVAILABLE
        .withDescription("transfer target " + target.getUri() + " failed or is unreachable: " + e.getMessage() + hint)
        .withCause(e)
        .toRuntimeException();
  }

  private static String sourceQuery(Map<String, Object> request) {
    if (request.get("query") instanceof String) {
      return (String) request.get("query");
    }
    if (request.get("source_table") instanceof String) {
      return "SELECT * FROM " + SqlIdentifiers.quote((String) request.get("source_table"));
    }
    throw CallStatus.INVALID_ARGUMENT
        .withDescription("transfer request needs \"query\" (SQL) or \"source_table\"")
        .toRuntimeException();
  }

  private static Location targetLocation(String uri) {
    try {
      return new Location(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("transfer target '" + uri + "' is not a location like grpc://host:port")
          .toRuntimeException();
    }
  }

  private static CallOption[] credentials(FlightClient client, Map<String, Object> request) {
    if (request.get("token") instanceof String) {
      return new CallOption[] {new CredentialCallOption(new BearerCredentialWriter((String) request.get("token")))};
    }
    if (request.get("username") instanceof String) {
      String password = String.valueOf(request.getOrDefault("password", ""));
      return client.authenticateBasicToken((String) request.get("username"), password)
          .map(option -> new CallOption[] {option})
          .orElse(new CallOption[0]);
    }
    return new CallOption[0];
  }
}
