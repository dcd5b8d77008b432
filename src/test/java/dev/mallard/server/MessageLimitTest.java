package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.TableChecksum;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A message over the server's inbound limit is refused cleanly; the table is untouched and the server serves on. */
@Timeout(120)
class MessageLimitTest extends ServerTestBase {
  static final int LIMIT = 1024 * 1024;
  static final String ROWS = "SELECT range AS id, md5(range::VARCHAR) || md5(range::VARCHAR) AS payload FROM range(200000)";

  @Override
  protected ServerConfig config() {
    return TestServers.config().withMaxInboundMessageBytes(LIMIT);
  }

  @Test
  void aBatchLargerThanTheLimitIsResourceExhausted() throws Exception {
    try (QueryExport rows = local.export(ROWS, allocator, 1024)) {
      // ~80 KB batches: under the limit
      assertEquals(200000, client.put("t", rows.reader(), PutMode.CREATE).rows());
    }
    TableChecksum before = client.checksumTable("t");
    for (PutMode mode : new PutMode[] {PutMode.APPEND, PutMode.REPLACE}) {
      try (QueryExport rows = local.export(ROWS, allocator, 65536)) {
        // ~5 MB batches
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
            () -> client.put("t", rows.reader(), mode));
        assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code(), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(LIMIT)), e.getMessage());
      }
      TestServers.assertNoArrowMemory(server.allocator());
      assertEquals(before, client.checksumTable("t"));
    }
    assertEquals("ok", client.health().get("status"));
  }
}
