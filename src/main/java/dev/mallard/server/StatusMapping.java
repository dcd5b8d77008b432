package dev.mallard.server;

import dev.mallard.arrow.IngestRejected;
import java.sql.SQLException;
import java.util.Locale;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/** The one place a failure becomes a Flight status. User mistakes never come back as INTERNAL. */
final class StatusMapping {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatusMapping.class);
  private StatusMapping() {}

  /** Work a DoPut handler does; what it throws is reported to the client as a Flight status. */
  @FunctionalInterface
  interface PutWork {
    void run() throws Exception;
  }

  /**
   * A DoPut handler whose every failure ends the call through {@code ackStream} with its status:
   * the one failure path of the plain and the Flight SQL producers' PUTs.
   */
  static Runnable acking(org.apache.arrow.flight.FlightProducer.StreamListener<org.apache.arrow.flight.PutResult> ackStream,
      String failedWhat, PutWork work) {
    return () -> {
      try {
        work.run();
      } catch (Throwable failure) {
        LOG.debug(failedWhat, failure);
        ackStream.onError(toFlight(failure));
      }
    };
  }

  /** Ends a stream with the failure's status; a stream the client already closed is left as it is. */
  static void reportTo(org.apache.arrow.flight.FlightProducer.ServerStreamListener listener, Throwable failure) {
    LOG.debug("call failed", failure);
    try {
      listener.error(toFlight(failure));
    } catch (RuntimeException alreadyClosed) {
      LOG.debug("could not report failure to a closed stream", alreadyClosed);
    }
  }

  static FlightRuntimeException toFlight(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof FlightRuntimeException) {
      return (FlightRuntimeException) cause;
    }
    if (cause instanceof IngestRejected) {
      IngestRejected rejected = (IngestRejected) cause;
      CallStatus status = rejected.reason() == IngestRejected.Reason.ALREADY_EXISTS
          ? CallStatus.ALREADY_EXISTS : CallStatus.INVALID_ARGUMENT;
      return status.withDescription(rejected.getMessage()).toRuntimeException();
    }
    if (cause instanceof SQLException) {
      return fromDuckDb((SQLException) cause);
    }
    if (cause instanceof java.io.IOException) {
      // a query failing mid-stream reaches us through the Arrow reader as an IOException with DuckDB's message
      return fromDuckDb(new SQLException(cause.getMessage(), cause));
    }
    if (cause instanceof IllegalArgumentException) {
      // an exchanger's explanation wrapped around DuckDB's error: DuckDB's error decides the status
      CallStatus status = cause.getCause() instanceof SQLException
          ? duckDbStatus(cause.getCause().getMessage()) : CallStatus.INVALID_ARGUMENT;
      return status.withDescription(cause.getMessage()).withCause(cause).toRuntimeException();
    }
    if (cause instanceof InterruptedException) {
      return CallStatus.CANCELLED.withDescription("the call was interrupted").withCause(cause).toRuntimeException();
    }
    return CallStatus.INTERNAL.withDescription(String.valueOf(cause)).withCause(cause).toRuntimeException();
  }

  /** DuckDB names its error class at the start of the message ("Catalog Error: ..."): that decides the status. */
  private static FlightRuntimeException fromDuckDb(SQLException e) {
    String message = e.getMessage() == null ? "DuckDB error" : e.getMessage();
    return duckDbStatus(message).withDescription(message).withCause(e).toRuntimeException();
  }

  private static CallStatus duckDbStatus(String message) {
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    CallStatus status;
    if (lower.contains("catalog error") && lower.contains("does not exist")) {
      status = CallStatus.NOT_FOUND;
    } else if (lower.contains("catalog error") && lower.contains("already exists")) {
      status = CallStatus.ALREADY_EXISTS;
    } else if (lower.contains("permission error") || lower.contains("disabled by configuration")
        || lower.contains("external access") || lower.contains("transaction is launched in read-only mode")) {
      // the last: a read-only caller's SELECT that writes anyway, e.g. nextval()
      status = CallStatus.UNAUTHORIZED;
    } else if (lower.contains("out of memory")) {
      status = CallStatus.RESOURCE_EXHAUSTED;
    } else if (lower.contains("interrupt")) {
      status = CallStatus.CANCELLED;
    } else if (lower.startsWith("internal error") || lower.contains("fatal error")) {
      status = CallStatus.INTERNAL;
    } else {
      // parser, binder, conversion, constraint, invalid input...: the request was wrong
      status = CallStatus.INVALID_ARGUMENT;
    }
    return status;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof java.util.concurrent.ExecutionException
            || current instanceof java.util.concurrent.CompletionException
            || (current instanceof RuntimeException && current.getClass() == RuntimeException.class))
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
