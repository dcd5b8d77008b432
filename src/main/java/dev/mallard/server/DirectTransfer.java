package dev.mallard.server;

import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.ReadAheadReader;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.StreamStats;
import dev.mallard.wire.FlightUpload;
import dev.mallard.wire.PutCommand;
import dev.mallard.wire.TransferRequest;
import dev.mallard.wire.QueryTicket;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
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

  static StreamStats run(CallContext context, byte[] body, ServerCalls calls) throws Exception {
    TransferRequest request = TransferRequest.parse(body);
    ServerConfig config = calls.config();
    String query = request.query() != null ? request.query() : "SELECT * FROM " + SqlIdentifiers.quote(request.sourceTable());
    Location target = request.target();
    int batchSize = request.batchSize() != null ? request.batchSize() : config.batchSize();
    try (ServerCall call = calls.query("transfer", context, query)) {
      DuckDBConnection connection = call.connection();
      QueryTicket asked = QueryTicket.of(query).withBatchSize(batchSize);
      if (request.partitions() != null && request.partitions() > 0) {
        asked = asked.withPartitions(request.partitions());
      }
      List<QueryTicket> partitions = request.partitions() == null ? List.of(asked)
          : PartitionPlanner.plan(connection, asked, config.partitions(), batchSize);
      if (partitions.size() > 1) {
        try (FlightClient client = FlightClient.builder(call.allocator(), target).build()) {
          return PartitionedTransfer.run(partitions, calls, call.allocator(), client, request.targetTable(),
              request.mode(), batchSize, ResponseCompression.of(context), context::isCancelled,
              credentials(client, request));
        } catch (FlightRuntimeException e) {
          throw e.status().code() == FlightStatusCode.UNAVAILABLE && !isPartitionChange(e) ? unreachable(target, e) : e;
        }
      }
      try (FlightClient client = FlightClient.builder(call.allocator(), target).build();
          QueryExport export = QueryExport.open(connection, query, call.allocator(), batchSize);
          ReadAheadReader ahead = config.prefetchBatches() > 0
              ? new ReadAheadReader(call.allocator(), export.reader(), config.prefetchBatches(), calls.readAhead())
              : null) {
        ArrowReader source = ahead != null ? ahead : export.reader();
        CallOption[] credentials = credentials(client, request);
        // the same read-ahead as a GET, so direct and relay transfers differ only in the route
        return FlightUpload.upload(client, new PutCommand(request.targetTable(), request.mode()), source,
            true, ResponseCompression.of(context), () -> context.isCancelled(), credentials);
      } catch (FlightRuntimeException e) {
        throw e.status().code() == FlightStatusCode.UNAVAILABLE ? unreachable(target, e) : e;
      }
    }
  }

  private static boolean isPartitionChange(FlightRuntimeException e) {
    return e.getMessage() != null && e.getMessage().contains("changed between planning the partitions");
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

  private static CallOption[] credentials(FlightClient client, TransferRequest request) {
    if (request.token() != null) {
      return new CallOption[] {new CredentialCallOption(new BearerCredentialWriter(request.token()))};
    }
    if (request.username() != null) {
      return client.authenticateBasicToken(request.username(), request.password())
          .map(option -> new CallOption[] {option})
          .orElse(new CallOption[0]);
    }
    return new CallOption[0];
  }
}
