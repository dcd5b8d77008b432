package dev.mallard.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.AbstractStub;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds what a DoExchange call takes in ahead of its reader to what Arrow's {@code FlightStream}
 * asks for (a few batches), as DoGet already is.
 *
 * <p>Arrow Java 18.3's {@code FlightClient.doExchange} leaves gRPC's automatic flow control on, and
 * that asks for one more message after each one is handed over, read or not: a reader slower than the
 * server would take the whole output into client memory, and the server would never see it lag.
 * gRPC's stub makes that request as the last thing it does for a message, after the stream's own
 * handler has run; so of the requests made while a message is being handed over, the last one is
 * gRPC's and is dropped, and the others ({@code FlightStream}'s own top-up) go on. Requests made
 * elsewhere (the call's first, and {@code FlightStream.next()}'s) always go on. Every message the
 * stream asks for is still asked for; only the request nobody reads for is not.
 */
final class ExchangeReadAhead implements org.apache.arrow.flight.CallOptions.GrpcCallOption {
  static final ExchangeReadAhead INSTANCE = new ExchangeReadAhead();

  private static final ClientInterceptor INTERCEPTOR = new ClientInterceptor() {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      ClientCall<Q, R> call = next.newCall(method, options);
      return method.getType() == MethodDescriptor.MethodType.BIDI_STREAMING ? new Bounded<>(call) : call;
    }
  };

  private ExchangeReadAhead() {}

  @Override
  public <T extends AbstractStub<T>> T wrapStub(T stub) {
    return stub.withInterceptors(INTERCEPTOR);
  }

  private static final class Bounded<Q, R> extends ForwardingClientCall.SimpleForwardingClientCall<Q, R> {
    /** Requests made on the thread handing a message over, while it does: null when none is. */
    private final ThreadLocal<List<Integer>> duringMessage = new ThreadLocal<>();

    Bounded(ClientCall<Q, R> call) {
      super(call);
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
      super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<R>(listener) {
        @Override
        public void onMessage(R message) {
          List<Integer> requests = new ArrayList<>(2);
          duringMessage.set(requests);
          try {
            super.onMessage(message);
          } finally {
            duringMessage.remove();
          }
          // gRPC's automatic request is always the last, and always for 1; should a later Arrow turn it off,
          // the last one is FlightStream's own and must go on
          int automatic = !requests.isEmpty() && requests.get(requests.size() - 1) == 1 ? 1 : 0;
          for (int i = 0; i < requests.size() - automatic; i++) {
            Bounded.super.request(requests.get(i));
          }
        }
      }, headers);
    }

    @Override
    public void request(int messages) {
      List<Integer> requests = duringMessage.get();
      if (requests == null) {
        super.request(messages);
      } else {
        requests.add(messages);
      }
    }
  }
}
