package dev.mallard.server;

import java.util.HashSet;
import java.util.Set;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;

/**
 * One port, two protocols: Flight SQL requests go to the Flight SQL producer, everything else to
 * the plain Mallard producer, whose contract is unchanged.
 */
final class FlightSqlRouter implements FlightProducer {
  private final FlightProducer plain;
  private final FlightProducer sql;

  FlightSqlRouter(FlightProducer plain, FlightProducer sql) {
    this.plain = plain;
    this.sql = sql;
  }

  private FlightProducer forCommand(FlightDescriptor descriptor) {
    return descriptor != null && descriptor.isCommand() && FlightSqlCommand.isFlightSql(descriptor.getCommand())
        ? sql : plain;
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    (FlightSqlCommand.isFlightSql(ticket.getBytes()) ? sql : plain).getStream(context, ticket, listener);
  }

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    return forCommand(descriptor).getFlightInfo(context, descriptor);
  }

  @Override
  public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
    return forCommand(descriptor).getSchema(context, descriptor);
  }

  @Override
  public Runnable acceptPut(CallContext context, FlightStream stream, StreamListener<PutResult> ackStream) {
    return forCommand(stream.getDescriptor()).acceptPut(context, stream, ackStream);
  }

  @Override
  public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
    plain.doExchange(context, reader, writer);
  }

  @Override
  public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    plain.listFlights(context, criteria, listener);
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    (FlightSqlCommand.isFlightSqlAction(action.getType()) ? sql : plain).doAction(context, action, listener);
  }

  @Override
  public void listActions(CallContext context, StreamListener<ActionType> listener) {
    Set<String> seen = new HashSet<>();
    StreamListener<ActionType> collect = new StreamListener<>() {
      @Override
      public void onNext(ActionType type) {
        if (seen.add(type.getType())) {
          listener.onNext(type);
        }
      }

      @Override
      public void onError(Throwable t) {
        listener.onError(t);
      }

      @Override
      public void onCompleted() {
        // both producers report; the combined list completes once, below
      }
    };
    plain.listActions(context, collect);
    sql.listActions(context, collect);
    listener.onCompleted();
  }
}
