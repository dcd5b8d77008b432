package dev.mallard.server;

import dev.mallard.arrow.IngestRejected;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.OutOfMemoryException;

/** The one place a failure becomes a Flight status. User mistakes never come back as INTERNAL. */
final class StatusMapping {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatusMapping.class);
  private StatusMapping() {}

  /** Work a call does; what it throws is reported to the client as a Flight status. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /** Work a unary call does to find its answer. */
  @FunctionalInterface
  interface Answer<T> {
    T get() throws Exception;
  }

  /** A unary call's answer; whatever it throws is thrown as its Flight status. */
  static <T> T answer(Answer<T> work) {
    try {
      return work.get();
    } catch (Throwable failure) {
      throw toFlight(failure);
    }
  }

  /** Work that streams to {@code listener}: any failure ends the stream as {@link #reportTo} does. */
  static void streamTo(org.apache.arrow.flight.FlightProducer.ServerStreamListener listener, Work work) {
    try {
      work.run();
    } catch (Throwable failure) {
      reportTo(listener, failure);
    }
  }

  /** Work that answers through {@code listener}: any failure ends the call there with its Flight status. */
  static void answerTo(org.apache.arrow.flight.FlightProducer.StreamListener<?> listener, Work work) {
    try {
      work.run();
    } catch (Throwable failure) {
      listener.onError(toFlight(failure));
    }
  }

  /**
   * A DoPut handler whose every failure ends the call through {@code ackStream} with its status:
   * the one failure path of the plain and the Flight SQL producers' PUTs.
   */
  static Runnable acking(org.apache.arrow.flight.FlightProducer.StreamListener<org.apache.arrow.flight.PutResult> ackStream,
      String failedWhat, Work work) {
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
    OutOfMemoryException arrowLimit = arrowMemoryLimit(failure);
    if (arrowLimit != null) {
      return ArrowMemoryLimit.refused(arrowLimit);
    }
    if (cause instanceof IngestRejected) {
      IngestRejected rejected = (IngestRejected) cause;
      CallStatus status = rejected.reason() == IngestRejected.Reason.ALREADY_EXISTS
          ? CallStatus.ALREADY_EXISTS : CallStatus.INVALID_ARGUMENT;
      return status.withDescription(rejected.getMessage()).toRuntimeException();
    }
    if (cause instanceof SQLException) {
      return fromDuckDb(cause.getMessage(), cause);
    }
    if (cause instanceof java.io.IOException) {
      // a query failing mid-stream reaches us through the Arrow reader as an IOException with DuckDB's message
      return fromDuckDb(cause.getMessage(), cause);
    }
    if (cause instanceof IllegalArgumentException) {
      // an exchanger's explanation wrapped around DuckDB's error: DuckDB's error decides the status
      if (cause.getCause() instanceof SQLException) {
        CallStatus status = DuckDbErrorKind.statusOf(cause.getCause().getMessage());
        logIfUnexpected(status, cause);
        return status.withDescription(cause.getMessage()).withCause(cause).toRuntimeException();
      }
      return CallStatus.INVALID_ARGUMENT.withDescription(cause.getMessage()).withCause(cause).toRuntimeException();
    }
    if (cause instanceof InterruptedException) {
      return CallStatus.CANCELLED.withDescription("the call was interrupted").withCause(cause).toRuntimeException();
    }
    LOG.warn("unexpected failure, reported as INTERNAL", cause);
    return CallStatus.INTERNAL.withDescription(String.valueOf(cause)).withCause(cause).toRuntimeException();
  }

  /** DuckDB names its error kind at the start of the message ("Catalog Error: ..."): that decides the status. */
  private static FlightRuntimeException fromDuckDb(String text, Throwable cause) {
    String message = text == null ? "DuckDB error" : text;
    CallStatus status = DuckDbErrorKind.statusOf(message);
    logIfUnexpected(status, cause);
    if (status.code() == FlightStatusCode.UNAVAILABLE && DuckDbErrorKind.isConflict(message)) {
      LOG.debug("write-write conflict: {}", message);
      // DuckDB's own text names catalog entries in its internal form: say what happened and what to do
      message = "another writer changed the same table at the same time, and this call's changes were rolled back;"
          + " retry the call";
    }
    return status.withDescription(message).withCause(cause).toRuntimeException();
  }

  /** What DuckDB reports as a bug or a kind we do not know is the server's fault, and worth a stack trace in the log. */
  private static void logIfUnexpected(CallStatus status, Throwable cause) {
    if (status.code() == FlightStatusCode.INTERNAL) {
      LOG.warn("DuckDB failed in a way no client can fix, reported as INTERNAL", cause);
    }
  }

  private static OutOfMemoryException arrowMemoryLimit(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryException) {
        return (OutOfMemoryException) t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
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

  /**
   * DuckDB's error kinds: every DuckDB error message starts with "{kind} Error: ", the kind being
   * {@code Exception::ExceptionTypeToString} (duckdb/src/common/exception.cpp). The kind says whose
   * fault it is; for a few kinds the message says more (which catalog problem, which constraint).
   */
  static final class DuckDbErrorKind {
    private static final Pattern KIND = Pattern.compile("^(?:[\\w$.]+(?:Exception|Error): )*([A-Za-z][A-Za-z ]*?) Error: ");
    private static final Map<String, FlightStatusCode> BY_KIND = new HashMap<>();

    static {
      // the request was wrong: bad SQL, bad values, bad types, bad settings
      for (String kind : List.of("parser", "syntax", "binder", "conversion", "invalid input", "out of range",
          "unknown type", "decimal", "mismatch type", "divide by zero", "invalid type", "expression",
          "parameter not resolved", "parameter not allowed", "invalid configuration", "settings", "dependency",
          "sequence", "object size")) {
        BY_KIND.put(kind, FlightStatusCode.INVALID_ARGUMENT);
      }
      BY_KIND.put("out of memory", FlightStatusCode.RESOURCE_EXHAUSTED);
      BY_KIND.put("interrupt", FlightStatusCode.CANCELLED);
      // Flight's UNAUTHORIZED is gRPC's PERMISSION_DENIED
      BY_KIND.put("permission", FlightStatusCode.UNAUTHORIZED);
      BY_KIND.put("not implemented", FlightStatusCode.UNIMPLEMENTED);
      BY_KIND.put("missing extension", FlightStatusCode.UNIMPLEMENTED);
      BY_KIND.put("extension autoloading", FlightStatusCode.UNIMPLEMENTED);
      BY_KIND.put("http", FlightStatusCode.UNAVAILABLE);
      // decided by the message below
      BY_KIND.put("catalog", null);
      BY_KIND.put("constraint", null);
      BY_KIND.put("io", null);
      BY_KIND.put("transactioncontext", null);
      // everything else ("INTERNAL", "FATAL", "Serialization", "Executor", ...) is the server's problem: INTERNAL
    }

    private DuckDbErrorKind() {}

    /** The kind DuckDB put at the start of {@code message}, lower case; null when there is none. */
    static String kindOf(String message) {
      Matcher matcher = KIND.matcher(message == null ? "" : message);
      return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
    }

    static boolean isConflict(String message) {
      String lower = message.toLowerCase(Locale.ROOT);
      return "transactioncontext".equals(kindOf(message)) && lower.contains("conflict");
    }

    static CallStatus statusOf(String message) {
      String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
      // the lockdown's refusals, whatever kind DuckDB files them under
      if (lower.contains("disabled by configuration") || lower.contains("external access")
          || lower.contains("transaction is launched in read-only mode")
          || lower.contains("the configuration has been locked")) {
        // the read-only one: a read-only caller's SELECT that writes anyway, e.g. nextval()
        return CallStatus.UNAUTHORIZED;
      }
      String kind = kindOf(message);
      if (kind == null || !BY_KIND.containsKey(kind)) {
        return CallStatus.INTERNAL;
      }
      FlightStatusCode code = BY_KIND.get(kind);
      if (code != null) {
        return code.toStatus();
      }
      switch (kind) {
        case "catalog":
          if (lower.contains("does not exist")) {
            return CallStatus.NOT_FOUND;
          }
          return lower.contains("already exists") ? CallStatus.ALREADY_EXISTS : CallStatus.INVALID_ARGUMENT;
        case "constraint":
          // a duplicate key is a row that already exists; NOT NULL, CHECK, foreign keys: the values are wrong
          return lower.contains("duplicate key") ? CallStatus.ALREADY_EXISTS : CallStatus.INVALID_ARGUMENT;
        case "io":
          if (lower.contains("no files found") || lower.contains("no such file") || lower.contains("does not exist")) {
            return CallStatus.NOT_FOUND;
          }
          // the server's storage or network failed: worth retrying later
          return CallStatus.UNAVAILABLE;
        case "transactioncontext":
          if (lower.contains("conflict")) {
            // Flight has no ABORTED; UNAVAILABLE is its code for "retry the same call"
            return CallStatus.UNAVAILABLE;
          }
          if (lower.contains("duplicate key")) {
            return CallStatus.ALREADY_EXISTS;
          }
          return lower.contains("failed to commit") ? CallStatus.INTERNAL : CallStatus.INVALID_ARGUMENT;
        default:
          return CallStatus.INTERNAL;
      }
    }
  }
}
