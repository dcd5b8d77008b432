package dev.mallard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The exchange spill and idle-limit flags of {@code serve}, as picocli reads them. */
class ServerOptionsTest {
  private static ServerConfig parse(String... args) throws Exception {
    ServerOptions options = new ServerOptions();
    new CommandLine(options).parseArgs(args);
    return options.apply(ServerConfig.defaults());
  }

  @Test
  void defaultsAre64MegabytesTheTempDirectoryAndFiveMinutes() throws Exception {
    ServerConfig config = parse();
    assertEquals(64L * 1024 * 1024, config.exchangeMemoryBytes());
    assertEquals(Path.of(System.getProperty("java.io.tmpdir")), config.spillDir());
    assertEquals(Duration.ofMinutes(5), config.idleTimeout());
  }

  @Test
  void flagsSetTheBudgetTheDirectoryAndTheLimit() throws Exception {
    ServerConfig config = parse("--exchange-memory", "1GiB", "--spill-dir", "/var/tmp/spill", "--idle-timeout", "PT30S");
    assertEquals(1024L * 1024 * 1024, config.exchangeMemoryBytes());
    assertEquals(Path.of("/var/tmp/spill"), config.spillDir());
    assertEquals(Duration.ofSeconds(30), config.idleTimeout());
    assertEquals(512L * 1024, parse("--exchange-memory", "512KB").exchangeMemoryBytes());
    assertEquals(4096, parse("--exchange-memory", "4096").exchangeMemoryBytes());
  }

  @Test
  void nonsenseIsRefusedWithTheReason() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> parse("--exchange-memory", "lots"));
    assertTrue(size.getMessage().contains("not a size: 'lots'"), size.getMessage());
    IllegalArgumentException idle = assertThrows(IllegalArgumentException.class,
        () -> parse("--idle-timeout", "PT0S"));
    assertTrue(idle.getMessage().contains("idle timeout must be positive"), idle.getMessage());
  }
}
