package dev.mallard.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;

/**
 * The DoAction types a Mallard server offers, with the descriptions ListActions returns. Every
 * answer is one JSON document; bodies are {@code {}} unless said otherwise.
 */
public enum MallardAction {
  HEALTH("health", "Is the server up: status, Mallard and DuckDB versions, table count"),
  LIST_TABLES("list_tables", "The tables, with row counts: [{\"name\": ..., \"rows\": ...}]"),
  DROP_TABLE("drop_table", "Drops a table; body: the table name or {\"table\": name}"),
  LOGOUT("logout", "Revokes the bearer token this call carries"),
  LIST_EXCHANGERS("list_exchangers", "The exchangers DoExchange offers: [{\"name\": ..., \"description\": ...}]"),
  TRANSFER("transfer",
      "Streams a query or table from this server straight to another Mallard server; body: "
          + "{\"query\" | \"source_table\", \"target\": \"grpc://host:port\", \"target_table\", \"mode\", \"token\"?}");

  private static final byte[] EMPTY_BODY = Utf8Text.encode("{}");

  private final String type;
  private final String description;

  MallardAction(String type, String description) {
    this.type = type;
    this.description = description;
  }

  public String type() {
    return type;
  }

  public ActionType actionType() {
    return new ActionType(type, description);
  }

  /** This action with an empty body ({@code {}}). */
  public Action action() {
    return new Action(type, EMPTY_BODY);
  }

  public Action action(byte[] body) {
    return new Action(type, body);
  }

  public static MallardAction of(String type) {
    for (MallardAction action : values()) {
      if (action.type.equals(type)) {
        return action;
      }
    }
    throw CallStatus.INVALID_ARGUMENT
        .withDescription("unknown action '" + type + "'; available: " + names())
        .toRuntimeException();
  }

  private static String names() {
    List<String> names = new ArrayList<>();
    for (MallardAction action : values()) {
      names.add(action.type);
    }
    return String.join(", ", names);
  }

  /** The body of {@code drop_table}: written as {@code {"table": t}}; read also as the bare table name. */
  public record DropTable(String table) {
    public static DropTable parse(byte[] body) {
      String text = Utf8Text.decode(body, "drop_table body").strip();
      if (text.startsWith("{")) {
        return new DropTable(WireJson.string(WireJson.object(text, "drop_table body"), "table", "drop_table body"));
      }
      return new DropTable(text);
    }

    public byte[] toBytes() {
      return WireJson.bytes(Map.of("table", table));
    }
  }
}
