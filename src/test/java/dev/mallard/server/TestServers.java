package dev.mallard.server;

import dev.mallard.arrow.ReleaseSignal;
import dev.mallard.exchange.ExchangerRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/** Real servers on loopback, ephemeral ports, small memory: what every Flight test starts. */
public final class TestServers {
  private TestServers() {}

  public static ServerConfig config() {
    return ServerConfig.defaults()
        .withLocation(Location.forGrpcInsecure("127.0.0.1", 0))
        .withMemoryLimit("1GB")
        .withThreads(2);
  }

  public static ServerConfig config(Path database) {
    return config().withDatabase(database);
  }

  public static MallardServer start() throws Exception {
    return MallardServer.start(config(), ExchangerRegistry.load());
  }

  public static MallardServer start(ServerConfig config) throws Exception {
    return MallardServer.start(config, ExchangerRegistry.load());
  }

  /** Waits for zero-copy buffers gRPC may still hold, then asserts nothing is left allocated. */
  public static void assertNoArrowMemory(BufferAllocator allocator) throws InterruptedException {
    ReleaseSignal.awaitNoMemory(allocator, Duration.ofSeconds(5));
    assertEquals(0, allocator.getAllocatedMemory(), () -> "outstanding Arrow memory:\n" + allocator.toVerboseString());
  }
}
