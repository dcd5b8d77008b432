package dev.mallard.cli.demo;

import dev.mallard.client.MallardClient;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;

/** Step 1: both servers answer {@code health}, and server 1 has the exchangers step 4 uses. */
public final class ConnectionStep implements DemoStep {
  static final List<String> NEEDED_EXCHANGERS = List.of("my_streaming_exchanger", "sql");

  @Override
  public void run(DemoSession session) throws Exception {
    try {
      session.connect();
    } catch (FlightRuntimeException e) {
      throw unreachable("a server", session.location1() + " / " + session.location2(), e);
    }
    check(session, "server 1", session.server1(), session.location1());
    check(session, "server 2", session.server2(), session.location2());
    List<String> names = session.server1().listExchangers().stream().map(e -> e.get("name")).toList();
    List<String> absent = NEEDED_EXCHANGERS.stream().filter(n -> !names.contains(n)).toList();
    if (!absent.isEmpty()) {
      throw new StepFailed("server 1 lacks the exchanger(s) " + String.join(", ", absent) + " (it has "
          + String.join(", ", names) + ")");
    }
    session.console().verified("server 1 offers the exchangers " + String.join(", ", NEEDED_EXCHANGERS)
        + " (" + names.size() + " exchangers in all)");
  }

  private static void check(DemoSession session, String label, MallardClient client, Location location)
      throws StepFailed {
    Map<String, Object> health;
    try {
      health = client.health();
    } catch (FlightRuntimeException e) {
      throw unreachable(label, location.getUri().toString(), e);
    }
    if (!"ok".equals(health.get("status"))) {
      throw new StepFailed(label + " at " + location.getUri() + " reports status '" + health.get("status") + "'");
    }
    // the DuckDB driver's jar may not carry its version
    Object duckdb = health.get("duckdb");
    session.console().verified(String.format("%s at %s: status ok, Mallard %s%s, %s table(s)", label,
        location.getUri(), health.get("mallard"), duckdb == null ? "" : ", DuckDB " + duckdb, health.get("tables")));
  }

  private static StepFailed unreachable(String label, String where, FlightRuntimeException e) {
    FlightStatusCode code = e.status().code();
    String reason = e.status().description() == null || e.status().description().isBlank()
        ? e.getMessage() : e.status().description();
    if (code == FlightStatusCode.UNAUTHENTICATED || code == FlightStatusCode.UNAUTHORIZED) {
      return new StepFailed(label + " at " + where + " refused the login (" + reason
          + "); check --user and the password variable", e);
    }
    return new StepFailed(label + " at " + where + " is unreachable (" + code + ": " + reason + "). Start the servers "
        + "with 'mallard serve', or run 'mallard demo' without --server1/--server2 to start its own", e);
  }
}
