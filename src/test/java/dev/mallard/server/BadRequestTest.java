package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each bad request gets the right status and a message a person can act on; the server keeps serving. */
class BadRequestTest extends ServerTestBase {

  @AfterEach
  void serverStillServes() {
    assertEquals("ok", client.health().get("status"));
  }

  private static FlightRuntimeException expect(FlightStatusCode code, String messagePart, Executable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call);
    assertEquals(code, e.status().code(), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains(messagePart.toLowerCase()),
        "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
    return e;
  }

  private void drain(Ticket ticket) throws Exception {
    try (FlightStream stream = client.flight().getStream(ticket)) {
      while (stream.next()) {
        // reading is what surfaces the error
      }
    }
  }

  @Test
  void emptyTicket() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "empty", () -> drain(new Ticket(new byte[0])));
  }

  @Test
  void blankTicket() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "no SQL", () -> drain(new Ticket("   ".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void ticketThatIsNotUtf8() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "UTF-8", () -> drain(new Ticket(new byte[] {(byte) 0xC3, (byte) 0x28})));
  }

  @Test
  void hugeTicket() {
    byte[] huge = ("SELECT '" + "x".repeat(Utf8Text.MAX_BYTES) + "'").getBytes(StandardCharsets.UTF_8);
    expect(FlightStatusCode.INVALID_ARGUMENT, "limit", () -> drain(new Ticket(huge)));
  }

  @Test
  void sqlSyntaxError() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "syntax error", () -> drain(new Ticket("SELEC 1".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void unknownTable() {
    expect(FlightStatusCode.NOT_FOUND, "nope", () -> drain(new Ticket("SELECT * FROM nope".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void statementWithoutResult() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "only queries",
        () -> drain(new Ticket("CREATE TABLE made_by_get (a INT)".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void jsonTicketThatIsNotAnObject() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "not valid JSON", () -> drain(new Ticket("{oops".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void jsonTicketWithABadBatchSize() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "batch size",
        () -> drain(new Ticket("{\"sql\": \"SELECT 1\", \"batch_size\": 0}".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void errorRaisedWhileStreaming() {
    // fails at run time, after planning: the cast only breaks on a later row
    expect(FlightStatusCode.INVALID_ARGUMENT, "out of range",
        () -> drain(new Ticket("SELECT (range * 1000)::SMALLINT FROM range(100000)".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void unknownAction() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "available: health", () -> consume(client.flight().doAction(new Action("nuke"))));
  }

  @Test
  void dropOfAMissingTable() {
    expect(FlightStatusCode.NOT_FOUND, "ghost", () -> client.dropTable("ghost"));
  }

  @Test
  void flightInfoForAMissingTable() {
    expect(FlightStatusCode.NOT_FOUND, "ghost", () -> client.flight().getInfo(FlightDescriptor.path("ghost")));
  }

  @Test
  void flightInfoForBadSql() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "syntax",
        () -> client.flight().getInfo(FlightDescriptor.command("SELEKT".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void putDescriptorWithAPathOfTwoParts() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "exactly one table name", () -> {
      try (var rows = local.export("SELECT 1 AS a", allocator, 10)) {
        dev.mallard.arrow.FlightUpload.upload(client.flight(), FlightDescriptor.path("a", "b"), rows.reader(), false,
            () -> false);
      }
    });
  }

  @Test
  void putDescriptorWithAnUnknownMode() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "unknown mode", () -> {
      try (var rows = local.export("SELECT 1 AS a", allocator, 10)) {
        dev.mallard.arrow.FlightUpload.upload(client.flight(),
            FlightDescriptor.command("{\"table\": \"t\", \"mode\": \"merge\"}".getBytes(StandardCharsets.UTF_8)),
            rows.reader(), false, () -> false);
      }
    });
  }

  @Test
  void putDescriptorWhoseTableIsNotAString() {
    expect(FlightStatusCode.INVALID_ARGUMENT, "non-empty string \"table\"", () -> {
      try (var rows = local.export("SELECT 1 AS a", allocator, 10)) {
        dev.mallard.arrow.FlightUpload.upload(client.flight(),
            FlightDescriptor.command("{\"table\": [1]}".getBytes(StandardCharsets.UTF_8)), rows.reader(), false,
            () -> false);
      }
    });
  }

  private static void consume(Iterator<Result> results) {
    while (results.hasNext()) {
      results.next();
    }
  }
}
