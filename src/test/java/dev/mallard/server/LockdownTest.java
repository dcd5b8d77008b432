package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients cannot reach the server's files or extensions through SQL; the data directory is the one exception. */
class LockdownTest extends ServerTestBase {
  @TempDir static Path dataDir;
  @TempDir static Path outside;

  @Override
  protected ServerConfig config() {
    return TestServers.config().withDataDir(dataDir);
  }

  private FlightRuntimeException refused(String sql) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> client.get(sql, 0, root -> {}));
    assertNotEquals(FlightStatusCode.INTERNAL, e.status().code(), e.getMessage());
    return e;
  }

  @Test
  void readingSystemFilesIsRefused() {
    FlightRuntimeException e = refused("SELECT * FROM read_csv('/etc/passwd')");
    assertEquals(FlightStatusCode.UNAUTHORIZED, e.status().code());
    assertTrue(e.getMessage().contains("disabled by configuration"), e.getMessage());
  }

  @Test
  void writingFilesIsRefused() throws Exception {
    Path target = outside.resolve("x.csv");
    refused("COPY (SELECT 1) TO '" + target + "'");
    assertTrue(Files.notExists(target));
  }

  @Test
  void settingsCannotBeUnlocked() {
    refused("SET enable_external_access = true");
    refused("SET lock_configuration = false");
  }

  @Test
  void extensionsCannotBeInstalledOrLoaded() {
    refused("INSTALL httpfs");
    refused("LOAD httpfs");
  }

  @Test
  void attachingAnotherDatabaseIsRefused() {
    refused("ATTACH '" + outside.resolve("other.duckdb") + "' AS other");
  }

  @Test
  void theDataDirectoryIsReadable() throws Exception {
    Files.writeString(dataDir.resolve("cities.csv"), "name,pop\nOslo,700000\nBergen,290000\n");
    long[] rows = {0};
    client.get("SELECT * FROM read_csv('" + dataDir.resolve("cities.csv") + "')", 0,
        root -> rows[0] += root.getRowCount());
    assertEquals(2, rows[0]);
  }
}
