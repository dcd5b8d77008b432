package dev.mallard.client;

import dev.mallard.arrow.StreamStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads every endpoint of a FlightInfo at once: in endpoint order, or each on a thread of its own. */
final class PartitionedGet {
  private final List<FlightEndpoint> endpoints;
  private final Function<Ticket, FlightStream> open;

  PartitionedGet(List<FlightEndpoint> endpoints, Function<Ticket, FlightStream> open) {
    this.endpoints = endpoints;
    this.open = open;
  }

  StreamStats read(MallardClient.GetOrder order, Consumer<VectorSchemaRoot> onBatch) throws Exception {
    return order == MallardClient.GetOrder.UNORDERED ? unordered(onBatch) : inEndpointOrder(onBatch);
  }

  private StreamStats inEndpointOrder(Consumer<VectorSchemaRoot> onBatch) throws Exception {
    StreamStats.Counter counter = new StreamStats.Counter();
    List<FlightStream> streams = new ArrayList<>(endpoints.size());
    try {
      for (FlightEndpoint endpoint : endpoints) {
        // opening them all first lets every server start exporting while earlier partitions are read
        streams.add(open.apply(endpoint.getTicket()));
      }
      for (FlightStream stream : streams) {
        while (stream.next()) {
          counter.add(stream.getRoot());
          onBatch.accept(stream.getRoot());
        }
      }
      return counter.finish();
    } catch (Throwable failure) {
      for (FlightStream stream : streams) {
        stream.cancel("another partition failed", failure);
      }
      throw failure;
    } finally {
      closeAll(streams);
    }
  }

  private StreamStats unordered(Consumer<VectorSchemaRoot> onBatch) throws Exception {
    if (endpoints.size() == 1) {
      return inEndpointOrder(onBatch);
    }
    long start = System.nanoTime();
    List<FlightStream> streams = new ArrayList<>(endpoints.size());
    ExecutorService readers = Executors.newFixedThreadPool(endpoints.size(), runnable -> {
      Thread thread = new Thread(runnable, "mallard-partition-reader");
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (FlightEndpoint endpoint : endpoints) {
        streams.add(open.apply(endpoint.getTicket()));
      }
      List<Future<StreamStats>> results = new ArrayList<>();
      for (FlightStream stream : streams) {
        results.add(readers.submit(() -> {
          StreamStats.Counter counter = new StreamStats.Counter();
          while (stream.next()) {
            counter.add(stream.getRoot());
            onBatch.accept(stream.getRoot());
          }
          return counter.finish();
        }));
      }
      List<StreamStats> parts = new ArrayList<>();
      try {
        for (Future<StreamStats> result : results) {
          parts.add(result.get());
        }
      } catch (ExecutionException e) {
        for (FlightStream stream : streams) {
          stream.cancel("another partition failed", e.getCause());
        }
        for (Future<StreamStats> result : results) {
          awaitQuietly(result);
        }
        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
      }
      return StreamStats.combine(parts, System.nanoTime() - start);
    } finally {
      readers.shutdownNow();
      closeAll(streams);
    }
  }

  private static void awaitQuietly(Future<?> result) throws InterruptedException {
    try {
      result.get();
    } catch (ExecutionException alsoFailed) {
      // the first failure is the one reported
    }
  }

  private static void closeAll(List<FlightStream> streams) throws Exception {
    Exception first = null;
    for (FlightStream stream : streams) {
      try {
        stream.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
