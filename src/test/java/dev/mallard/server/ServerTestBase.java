package dev.mallard.server;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.client.MallardClient;
import dev.mallard.testing.LocalDuckDb;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** One real server on loopback, a client, and a local DuckDB to make upload streams from. */
abstract class ServerTestBase {
  protected BufferAllocator allocator;
  protected MallardServer server;
  protected MallardClient client;
  protected LocalDuckDb local;

  protected ServerConfig config() {
    return TestServers.config();
  }

  @BeforeEach
  void startServer() throws Exception {
    allocator = AllocatorKind.NETTY.newRoot();
    server = TestServers.start(config());
    client = MallardClient.connect(server.location(), allocator);
    local = new LocalDuckDb();
  }

  @AfterEach
  void stopServer() throws Exception {
    local.close();
    client.close();
    TestServers.assertNoArrowMemory(server.allocator());
    server.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }
}
