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
          + "{\"query\" | \"source_table\", \"target\": \"grpc://host:port\", \"target_table\", \"mode\","
          + " \"partitions\"?, \"token\"?}"),
  COMMIT_STAGED("commit_staged",
      "The last step of a partitioned direct TRANSFER: in one transaction, writes the staging tables into the"
          + " target with the mode and drops them; body: {\"target_table\", \"mode\", \"staging\": [names]}");

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

  /**
   * The body of {@code commit_staged}. Staging tables are named {@code mallard_staging_<32 hex>_<n>}
   * (see {@link #stagingName}); the server refuses any other name, so the action cannot move or drop
   * a user's table.
   */
  public record CommitStaged(String targetTable, dev.mallard.arrow.PutMode mode, List<String> staging) {
    private static final java.util.regex.Pattern STAGING = java.util.regex.Pattern.compile(
        "mallard_staging_[0-9a-f]{32}_[0-9]{1,3}");

    public CommitStaged {
      staging = List.copyOf(staging);
    }

    /** Staging table {@code index} of the transfer {@code transferId} (32 hex digits). */
    public static String stagingName(String transferId, int index) {
      return "mallard_staging_" + transferId + "_" + index;
    }

    public static boolean isStagingName(String table) {
      return STAGING.matcher(table).matches();
    }

    public static CommitStaged parse(byte[] body) {
      Map<String, Object> json = WireJson.object(Utf8Text.decode(body, "commit_staged body"), "commit_staged body");
      String target = WireJson.string(json, "target_table", "commit_staged body");
      dev.mallard.arrow.PutMode mode;
      try {
        mode = dev.mallard.arrow.PutMode.parse(String.valueOf(json.getOrDefault("mode", "append")));
      } catch (IllegalArgumentException e) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("commit_staged: " + e.getMessage()).toRuntimeException();
      }
      List<String> staging = new ArrayList<>();
      if (json.get("staging") instanceof List) {
        for (Object name : (List<?>) json.get("staging")) {
          if (!(name instanceof String) || !isStagingName((String) name)) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("commit_staged: '" + name
                + "' is not a staging table name (mallard_staging_<32 hex>_<n>)").toRuntimeException();
          }
          staging.add((String) name);
        }
      }
      if (staging.isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("commit_staged needs a non-empty list \"staging\"")
            .toRuntimeException();
      }
      return new CommitStaged(target, mode, staging);
    }

    public byte[] toBytes() {
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("target_table", targetTable);
      json.put("mode", mode.wireName());
      json.put("staging", staging);
      return WireJson.bytes(json);
    }
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
