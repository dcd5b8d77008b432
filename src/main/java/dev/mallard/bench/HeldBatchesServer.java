package dev.mallard.bench;

import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.ReadyGate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The transport alone: a Flight server with no DuckDB behind it, sending batches it already holds
 * in memory the way a GET sends DuckDB's (zero-copy, waiting on gRPC's readiness). It holds the
 * table's first {@link #HELD} batches and sends them round and round until the table's row count
 * went out, so memory stays at a few batches whatever the table size. Its rate T is the most a GET
 * could do with a free export; with E the export's rate, one machine that does both cannot pass
 * 1 / (1/E + 1/T).
 */
@State(Scope.Benchmark)
public class HeldBatchesServer {
  static final int HELD = 8;

  BufferAllocator allocator;
  FlightServer server;
  Location location;
  /** The benchmark's client, connected once: an operation measures the stream, not the connection set-up. */
  FlightClient client;
  long rows;
  private final List<ArrowRecordBatch> batches = new ArrayList<>();
  private Schema schema;

  @Setup(Level.Trial)
  public void start(LocalPairState local, ArrowSettings arrow) throws Exception {
    rows = local.rows;
    allocator = arrow.kind.newRoot();
    try (QueryExport export = QueryExport.open(local.databases.source,
        BenchmarkDefaults.QUERY + " LIMIT " + (long) HELD * arrow.batchSize, allocator, arrow.batchSize)) {
      VectorSchemaRoot root = export.reader().getVectorSchemaRoot();
      schema = root.getSchema();
      while (export.reader().loadNextBatch()) {
        batches.add(new VectorUnloader(root).getRecordBatch());
      }
    }
    server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), new Producer()).build().start();
    location = Location.forGrpcInsecure("127.0.0.1", server.getPort());
    client = FlightClient.builder(allocator, location).build();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    client.close();
    server.shutdown();
    server.awaitTermination();
    server.close();
    batches.forEach(ArrowRecordBatch::close);
    allocator.close();
  }

  private final class Producer extends NoOpFlightProducer {
    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        VectorLoader loader = new VectorLoader(root);
        ReadyGate gate = new ReadyGate(listener);
        listener.setOnCancelHandler(gate::signal);
        listener.setUseZeroCopy(true);
        listener.start(root);
        long sent = 0;
        for (int i = 0; sent < rows; i = (i + 1) % batches.size()) {
          // loading takes new references to the held buffers; gRPC releases its own after sending
          loader.load(batches.get(i));
          if (!gate.awaitReady(listener::isCancelled)) {
            return;
          }
          listener.putNext();
          sent += root.getRowCount();
        }
        listener.completed();
      } catch (Throwable failure) {
        listener.error(CallStatus.INTERNAL.withDescription(String.valueOf(failure)).withCause(failure)
            .toRuntimeException());
      }
    }
  }
}
