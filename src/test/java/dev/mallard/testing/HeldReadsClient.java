package dev.mallard.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Arrow Java's own {@link FlightClient}, made to take in the server's messages only once told to,
 * as a client that reads only when asked does (pyarrow's, whose gRPC reads a message per call).
 *
 * <p>Arrow Java's client asks gRPC for the next message as each one arrives, whether or not the
 * caller reads it, so on loopback it can take in a whole DoExchange output into its own memory and
 * a server never sees it stop reading. Here gRPC's requests for messages are held back until
 * {@link #release}: the server's messages stop at gRPC's flow-control window (a few MiB at most),
 * so what it does with output nobody reads is what a test sees.
 */
public final class HeldReadsClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final FlightClient flight;
  private final List<HeldCall<?, ?>> calls = new ArrayList<>();
  private boolean holding = true;

  public HeldReadsClient(BufferAllocator allocator, Location server) {
    channel = NettyChannelBuilder.forAddress(server.getUri().getHost(), server.getUri().getPort()).usePlaintext().intercept(new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        HeldCall<Q, R> call = new HeldCall<>(next.newCall(method, options));
        synchronized (HeldReadsClient.this) {
          calls.add(call);
        }
        return call;
      }
    }).build();
    flight = FlightGrpcUtils.createFlightClient(allocator, channel);
  }

  public FlightClient flight() {
    return flight;
  }

  /** Passes on every request held so far, and every later one as it comes. */
  public synchronized void release() {
    holding = false;
    calls.forEach(HeldCall::release);
  }

  @Override
  public void close() throws Exception {
    try {
      flight.close();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private final class HeldCall<Q, R> extends ForwardingClientCall.SimpleForwardingClientCall<Q, R> {
    private int held;

    HeldCall(ClientCall<Q, R> call) {
      super(call);
    }

    @Override
    public void request(int messages) {
      synchronized (HeldReadsClient.this) {
        if (holding) {
          held += messages;
          return;
        }
      }
      super.request(messages);
    }

    /** Called with the client's lock held, so no request slips between the flag and the count. */
    void release() {
      if (held > 0) {
        super.request(held);
        held = 0;
      }
    }
  }
}
