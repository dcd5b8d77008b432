package dev.mallard.cli.demo;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Step 2: PUT a five-row table to server 1, read it back, TRANSFER it to server 2, read it there. */
public final class BasicOperationsStep implements DemoStep {
  record SimpleRow(int id, String name, double value) {
    List<Object> cells() {
      return List.of(id, name, value);
    }
  }

  static final List<SimpleRow> ROWS = List.of(
      new SimpleRow(1, "alpha", 10.5),
      new SimpleRow(2, "bravo", -2.25),
      new SimpleRow(3, "charlie", 3.0),
      new SimpleRow(4, "delta", 1234.5678),
      new SimpleRow(5, "echo's", 0.001));

  private static final String TABLE = DemoSession.SIMPLE_TABLE;

  @Override
  public void run(DemoSession session) throws Exception {
    DemoConsole console = session.console();
    MallardClient one = session.server1();
    MallardClient two = session.server2();

    StreamStats put;
    try (QueryExport source = session.local().export(sourceSql(), session.allocator(), session.settings().batchSize())) {
      put = one.put(TABLE, source.reader(), PutMode.REPLACE, true);
    }
    console.line(String.format(Locale.ROOT, "PUT %s (id INTEGER, name VARCHAR, value DOUBLE) to server 1: %d rows",
        TABLE, put.rows()));
    readBackAndVerify(session, one, "server 1");

    StreamStats transfer = one.transferDirect(two, "SELECT * FROM " + SqlIdentifiers.quote(TABLE), TABLE,
        PutMode.REPLACE, session.settings().batchSize());
    console.line(String.format(Locale.ROOT, "TRANSFER %s from server 1 to server 2 (direct, server to server): %d rows",
        TABLE, transfer.rows()));
    readBackAndVerify(session, two, "server 2");

    TableChecksum first = one.checksumTable(TABLE);
    TableChecksum second = two.checksumTable(TABLE);
    if (!first.equals(second)) {
      throw new StepFailed("checksums differ: server 1 " + first + ", server 2 " + second);
    }
    console.verified("server 1 and server 2 hold the same " + first.rows() + " rows (checksum " + first.checksum() + ")");
  }

  private static void readBackAndVerify(DemoSession session, MallardClient client, String label) throws Exception {
    TextTable table = new TextTable();
    client.get("SELECT * FROM " + SqlIdentifiers.quote(TABLE) + " ORDER BY id", 0, table::add);
    session.console().line("GET from " + label + ":");
    session.console().line(table.render("  ").stripTrailing());
    List<List<Object>> expected = ROWS.stream().map(SimpleRow::cells).toList();
    if (!table.headers().equals(List.of("id", "name", "value"))) {
      throw new StepFailed(label + " returned columns " + table.headers() + ", expected [id, name, value]");
    }
    if (!table.rows().equals(expected)) {
      throw new StepFailed(label + " returned " + describe(table.rows()) + ", expected " + describe(expected));
    }
    session.console().verified(label + " returned exactly the " + ROWS.size() + " rows that were put, with their types");
  }

  /** The rows as a DuckDB query with the exact column types. */
  static String sourceSql() {
    List<String> values = new ArrayList<>();
    for (SimpleRow row : ROWS) {
      values.add("(" + row.id() + ", " + SqlIdentifiers.literal(row.name()) + ", " + Double.toString(row.value()) + ")");
    }
    return "SELECT id::INTEGER AS id, name::VARCHAR AS name, value::DOUBLE AS value FROM (VALUES "
        + String.join(", ", values) + ") AS t(id, name, value)";
  }

  private static String describe(List<List<Object>> rows) {
    return rows.stream().map(Object::toString).collect(Collectors.joining(", "));
  }
}
