package dev.mallard.server;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.client.MallardClient;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Two real servers on loopback with a client for each, every allocator checked empty at the end. */
abstract class ServerPairTestBase {
  protected BufferAllocator allocator;
  protected MallardServer one;
  protected MallardServer two;
  protected MallardClient client1;
  protected MallardClient client2;

  @BeforeEach
  void startPair() throws Exception {
    allocator = AllocatorKind.NETTY.newRoot();
    one = TestServers.start();
    two = TestServers.start();
    client1 = MallardClient.connect(one.location(), allocator);
    client2 = MallardClient.connect(two.location(), allocator);
  }

  @AfterEach
  void stopPair() throws Exception {
    client1.close();
    client2.close();
    TestServers.assertNoArrowMemory(one.allocator());
    TestServers.assertNoArrowMemory(two.allocator());
    one.close();
    two.close();
    TestServers.assertNoArrowMemory(allocator);
    allocator.close();
  }
}
