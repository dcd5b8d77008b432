package dev.mallard.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * The most Arrow memory one server may hold across all its calls, as an operator writes it ("2GiB",
 * "512MB") and as a refused client reads it ("2 GiB").
 *
 * <p>It is checked when a call starts, not set on the root allocator: Arrow Java's failure paths
 * for a refused allocation leak (the C Data import keeps a reference to the DuckDB batch it was
 * importing; a PUT's incoming message fails inside gRPC with UNKNOWN and leaks its buffers), so
 * the server never lets an allocation fail. Calls already running finish; each holds a few batches.
 */
final class ArrowMemoryLimit {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);

  private ArrowMemoryLimit() {}

  /**
   * Bytes from "2GiB", "512MB", "1g" or "1048576": binary units, as for Java's -Xmx. The one parser
   * of sizes an operator writes (the Arrow memory limit, the exchange memory).
   */
  static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "' (write e.g. 2GiB, 512MiB, 64MB or a number of bytes)");
    }
    int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    long bytes = Long.parseLong(matcher.group(1));
    if (bytes > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("a size must be below 8 EiB, got " + text);
    }
    return bytes << shift;
  }

  static String format(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    double value = bytes;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value))
        + " " + units[unit];
  }

  /** RESOURCE_EXHAUSTED naming the limit a new call was refused at. */
  static FlightRuntimeException reached(long limit, long held) {
    return CallStatus.RESOURCE_EXHAUSTED
        .withDescription("the server's Arrow memory limit of " + format(limit) + " is reached (" + format(held)
            + " held by running calls); retry when fewer calls are running, ask for smaller batches,"
            + " or raise --arrow-memory-limit")
        .toRuntimeException();
  }

  /** An allocation Arrow refused (an allocator's own limit, not ours). */
  static FlightRuntimeException refused(OutOfMemoryException e) {
    return CallStatus.RESOURCE_EXHAUSTED
        .withDescription("the server is out of Arrow memory: " + e.getMessage())
        .withCause(e)
        .toRuntimeException();
  }
}
