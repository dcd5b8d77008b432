package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.QueryExport;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import dev.mallard.testing.LocalDuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentDatabaseTest {
  @TempDir Path dir;

  @Test
  void tablesSurviveARestartAndParentFoldersAreCreated() throws Exception {
    Path database = dir.resolve("nested/folders/server1.duckdb");
    TableChecksum written;
    try (BufferAllocator allocator = AllocatorKind.UNSAFE.newRoot(); LocalDuckDb local = new LocalDuckDb()) {
      try (MallardServer server = TestServers.start(TestServers.config(database));
          MallardClient client = MallardClient.connect(server.location(), allocator)) {
        try (QueryExport rows = local.export("SELECT range AS id, range * 0.5 AS half FROM range(100000)", allocator, 8192)) {
          client.put("kept", rows.reader(), PutMode.CREATE);
        }
        written = client.checksumTable("kept");
      }
      assertTrue(Files.exists(database));
      try (MallardServer server = TestServers.start(TestServers.config(database));
          MallardClient client = MallardClient.connect(server.location(), allocator)) {
        assertEquals(written, client.checksumTable("kept"));
        assertEquals(100000, written.rows());
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
