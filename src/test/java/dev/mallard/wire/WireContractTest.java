package dev.mallard.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.junit.jupiter.api.Test;

/**
 * Each record of the wire contract against the literal bytes a client or server sends: what a
 * record writes is exactly this text, and this text reads back as the same record. The literals
 * are the forms docs/wire-contract.md documents, including the original Python servers' bare ones.
 */
class WireContractTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void aTicketWithOnlySqlIsTheBareSqlTheOriginalServersRead() {
    QueryTicket ticket = QueryTicket.of("SELECT * FROM flights");
    assertEquals("SELECT * FROM flights", text(ticket.toBytes()));
    assertEquals(ticket, QueryTicket.parse(utf8("SELECT * FROM flights")));
    assertEquals(65_536, ticket.batchSizeOr(65_536));
  }

  @Test
  void aTicketWithABatchSizeIsJson() {
    String literal = "{\"sql\":\"SELECT 1\",\"batch_size\":1000}";
    QueryTicket ticket = QueryTicket.of("SELECT 1").withBatchSize(1000);
    assertEquals(literal, text(ticket.toBytes()));
    assertEquals(ticket, QueryTicket.parse(utf8(literal)));
    assertEquals(ticket, QueryTicket.parse(utf8("  {\"batch_size\": 1000, \"sql\": \"SELECT 1\"}")));
    assertEquals(1000, ticket.batchSizeOr(65_536));
    assertArrayEquals(ticket.toBytes(), ticket.toTicket().getBytes());
  }

  @Test
  void aJsonTicketWithoutBatchSizeLeavesItToTheServer() {
    QueryTicket ticket = QueryTicket.parse(utf8("{\"sql\": \"SELECT 2\"}"));
    assertEquals("SELECT 2", ticket.sql());
    assertNull(ticket.batchSize());
    assertEquals("SELECT 2", text(ticket.toBytes()));
  }

  @Test
  void aCommandAsksForPartitionsAndEachTicketCarriesItsSlice() {
    String asked = "{\"sql\":\"SELECT * FROM t\",\"partitions\":4}";
    QueryTicket command = QueryTicket.of("SELECT * FROM t").withPartitions(4);
    assertEquals(asked, text(command.toBytes()));
    assertEquals(command, QueryTicket.parse(utf8(asked)));

    String slice = "{\"sql\":\"SELECT * FROM t\",\"batch_size\":1000,\"partition\":{\"index\":1,\"of\":4,"
        + "\"rowid_from\":250,\"rowid_to\":500,\"table_oid\":77,\"table_rows\":1000,\"table_max_rowid\":999}}";
    QueryTicket ticket = QueryTicket.of("SELECT * FROM t").withBatchSize(1000)
        .withPartition(new PartitionSlice(1, 4, 250, 500, 77, 1000, 999));
    assertEquals(slice, text(ticket.toBytes()));
    assertEquals(ticket, QueryTicket.parse(utf8(slice)));
  }

  @Test
  void transferRequestCarriesPartitions() {
    TransferRequest request = TransferRequest.parse(utf8("{\"query\":\"SELECT 1\","
        + "\"target\":\"grpc://h:1\",\"target_table\":\"t\"}")).withPartitions(3);
    assertEquals("{\"query\":\"SELECT 1\",\"target\":\"grpc://h:1\",\"target_table\":\"t\",\"mode\":\"append\","
        + "\"partitions\":3}", text(request.toBytes()));
    assertEquals(request, TransferRequest.parse(request.toBytes()));
    assertNull(TransferRequest.parse(utf8("{\"query\":\"SELECT 1\",\"target\":\"grpc://h:1\",\"target_table\":\"t\"}"))
        .partitions());
  }

  @Test
  void commitStagedNamesOnlyStagingTables() {
    String id = "0123456789abcdef0123456789abcdef";
    MallardAction.CommitStaged commit = new MallardAction.CommitStaged("t", PutMode.REPLACE,
        List.of(MallardAction.CommitStaged.stagingName(id, 0), MallardAction.CommitStaged.stagingName(id, 1)));
    assertEquals("{\"target_table\":\"t\",\"mode\":\"replace\",\"staging\":[\"mallard_staging_" + id
        + "_0\",\"mallard_staging_" + id + "_1\"]}", text(commit.toBytes()));
    assertEquals(commit, MallardAction.CommitStaged.parse(commit.toBytes()));
    assertInvalid("is not a staging table name",
        () -> MallardAction.CommitStaged.parse(utf8("{\"target_table\":\"t\",\"staging\":[\"users\"]}")));
  }

  @Test
  void putCommandIsWrittenAsJsonWithTheMode() {
    String literal = "{\"table\":\"flights\",\"mode\":\"replace\"}";
    PutCommand command = new PutCommand("flights", PutMode.REPLACE);
    assertEquals(literal, text(command.toBytes()));
    assertEquals(command, PutCommand.parse(FlightDescriptor.command(utf8(literal))));
    assertArrayEquals(command.toBytes(), command.descriptor().getCommand());
    assertEquals(new PutCommand("t", PutMode.APPEND), PutCommand.parse(FlightDescriptor.command(utf8("{\"table\":\"t\"}"))));
  }

  @Test
  void putCommandReadsTheOriginalServersBareTableNameAndAPath() {
    assertEquals(new PutCommand("flights", PutMode.APPEND), PutCommand.parse(FlightDescriptor.command(utf8("flights"))));
    assertEquals(new PutCommand("flights", PutMode.APPEND), PutCommand.parse(FlightDescriptor.path("flights")));
  }

  @Test
  void putOutcomeIsTheResultMetadata() {
    String literal = "{\"table\":\"t\",\"mode\":\"create\",\"rows\":24000000,\"batches\":367}";
    PutOutcome outcome = new PutOutcome("t", PutMode.CREATE, 24_000_000, 367);
    assertEquals(literal, text(outcome.toBytes()));
    assertEquals(outcome, PutOutcome.parse(utf8(literal)));
    assertEquals(24_000_000, PutOutcome.rowsIn(utf8(literal)));
  }

  @Test
  void putOutcomeRowsAreUnknownWhenAnotherServerSendsSomethingElse() {
    assertEquals(-1, PutOutcome.rowsIn(null));
    assertEquals(-1, PutOutcome.rowsIn(new byte[0]));
    assertEquals(-1, PutOutcome.rowsIn(utf8("ok")));
    assertEquals(-1, PutOutcome.rowsIn(utf8("[1]")));
    assertEquals(-1, PutOutcome.rowsIn(utf8("{\"rows\":\"many\"}")));
  }

  @Test
  void transferRequestAsTheClientWritesIt() throws Exception {
    String literal = "{\"query\":\"SELECT * FROM flights\",\"target\":\"grpc://127.0.0.1:8816\","
        + "\"target_table\":\"copy\",\"mode\":\"append\",\"batch_size\":4096,\"token\":\"abc\"}";
    TransferRequest request = TransferRequest.of("SELECT * FROM flights", new Location("grpc://127.0.0.1:8816"),
        "copy", PutMode.APPEND).withBatchSize(4096).withToken("abc");
    assertEquals(literal, text(request.toBytes()));
    assertEquals(literal, text(TransferRequest.parse(utf8(literal)).toBytes()));
    assertEquals(request.query(), TransferRequest.parse(utf8(literal)).query());
  }

  @Test
  void transferRequestWithASourceTableAndALogin() {
    String literal = "{\"source_table\":\"flights\",\"target\":\"grpc+tls://db2:8816\",\"target_table\":\"copy\","
        + "\"mode\":\"replace\",\"username\":\"ann\",\"password\":\"secret\"}";
    TransferRequest request = TransferRequest.parse(utf8(literal));
    assertNull(request.query());
    assertEquals("flights", request.sourceTable());
    assertEquals("grpc+tls://db2:8816", request.target().getUri().toString());
    assertEquals(PutMode.REPLACE, request.mode());
    assertNull(request.batchSize());
    assertEquals("ann", request.username());
    assertEquals("secret", request.password());
    assertEquals(literal, text(request.toBytes()));
  }

  @Test
  void transferRequestDefaultsToAppend() {
    TransferRequest request = TransferRequest.parse(
        utf8("{\"query\":\"SELECT 1\",\"target\":\"grpc://h:1\",\"target_table\":\"t\"}"));
    assertEquals(PutMode.APPEND, request.mode());
    assertEquals("{\"query\":\"SELECT 1\",\"target\":\"grpc://h:1\",\"target_table\":\"t\",\"mode\":\"append\"}",
        text(request.toBytes()));
  }

  @Test
  void exchangeCommandForms() {
    assertEquals(ExchangeCommand.exchanger("echo", Map.of()), ExchangeCommand.parse("echo"));
    assertEquals("echo", ExchangeCommand.exchanger("echo", Map.of()).text());

    String literal = "{\"exchanger\":\"sql\",\"sql\":\"SELECT * FROM input\"}";
    ExchangeCommand sqlExchanger = ExchangeCommand.exchanger("sql", Map.of("sql", "SELECT * FROM input"));
    assertEquals(literal, sqlExchanger.text());
    assertEquals(sqlExchanger, ExchangeCommand.parse(literal));
    assertEquals(sqlExchanger, ExchangeCommand.parse(FlightDescriptor.command(utf8(literal))));
    assertArrayEquals(utf8(literal), sqlExchanger.descriptor().getCommand());

    ExchangeCommand withParamsOnly = ExchangeCommand.parse("{\"exchanger\":\"my_streaming_exchanger\"}");
    assertEquals("my_streaming_exchanger", withParamsOnly.exchanger());
    assertEquals("my_streaming_exchanger", withParamsOnly.text());
  }

  @Test
  void exchangeCommandThatIsRawSqlAsTheOriginalServersRunIt() {
    ExchangeCommand command = ExchangeCommand.parse(FlightDescriptor.command(utf8("SELECT 42 AS answer")));
    assertNull(command.exchanger());
    assertEquals("SELECT 42 AS answer", command.sql());
    assertEquals(ExchangeCommand.sql("SELECT 42 AS answer"), command);
    assertEquals("SELECT 42 AS answer", command.text());
  }

  @Test
  void actionsAndTheirBodies() {
    Action health = MallardAction.HEALTH.action();
    assertEquals("health", health.getType());
    assertEquals("{}", text(health.getBody()));
    assertEquals(MallardAction.LIST_TABLES, MallardAction.of("list_tables"));
    assertEquals(List.of("health", "list_tables", "drop_table", "logout", "list_exchangers", "transfer",
        "commit_staged"),
        java.util.Arrays.stream(MallardAction.values()).map(MallardAction::type).toList());

    MallardAction.DropTable drop = new MallardAction.DropTable("old");
    assertEquals("{\"table\":\"old\"}", text(drop.toBytes()));
    assertEquals(drop, MallardAction.DropTable.parse(utf8("{\"table\":\"old\"}")));
    assertEquals(drop, MallardAction.DropTable.parse(utf8("old")));
  }

  @Test
  void anUnknownActionNamesTheOnesThereAre() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> MallardAction.of("shutdown"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("health, list_tables, drop_table, logout, list_exchangers, transfer, commit_staged"),
        e.getMessage());
  }

  @Test
  void wrongFieldsAreNamedInTheError() {
    assertInvalid("ticket's batch_size must be a number",
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"batch_size\":\"big\"}")));
    assertInvalid("ticket's batch_size must be a number",
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"batch_size\":null}")));
    assertInvalid("batch size must be between 1 and " + BatchSize.MAX,
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"batch_size\":0}")));
    assertInvalid("ticket's partitions must be between 1 and 256",
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"partitions\":0}")));
    assertInvalid("ticket's partitions must be a whole number",
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"partitions\":\"4\"}")));
    assertInvalid("ticket's partition needs an integer \"rowid_to\"",
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"partition\":{\"index\":0,\"of\":1,\"rowid_from\":0}}")));
    assertInvalid("ticket's partition is inconsistent",
        () -> QueryTicket.parse(utf8("{\"sql\":\"SELECT 1\",\"partition\":{\"index\":2,\"of\":2,\"rowid_from\":0,"
            + "\"rowid_to\":1,\"table_oid\":1,\"table_rows\":1,\"table_max_rowid\":0}}")));
    assertInvalid("unknown mode 'merge'",
        () -> PutCommand.parse(FlightDescriptor.command(utf8("{\"table\":\"t\",\"mode\":\"merge\"}"))));
    assertInvalid("transfer request's batch_size must be a number", () -> TransferRequest.parse(
        utf8("{\"query\":\"SELECT 1\",\"target\":\"grpc://h:1\",\"target_table\":\"t\",\"batch_size\":\"x\"}")));
    assertInvalid("needs a non-empty string \"target_table\"",
        () -> TransferRequest.parse(utf8("{\"query\":\"SELECT 1\",\"target\":\"grpc://h:1\"}")));
  }

  private static void assertInvalid(String message, org.junit.jupiter.api.function.Executable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
