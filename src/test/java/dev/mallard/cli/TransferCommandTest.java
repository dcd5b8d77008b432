package dev.mallard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.client.MallardClient;
import dev.mallard.server.MallardServer;
import dev.mallard.server.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mallard transfer} between two real servers, with and without compression on the wire. */
class TransferCommandTest {
  private static final String ROWS = "SELECT range AS id, 'name ' || (range % 100) AS name FROM range(200000)";

  @Test
  void transfersAndVerifiesInBothModesWithZstdOnTheWire() throws Exception {
    try (BufferAllocator allocator = AllocatorKind.NETTY.newRoot();
        MallardServer one = TestServers.start();
        MallardServer two = TestServers.start();
        MallardClient client2 = MallardClient.connect(two.location(), allocator)) {
      for (String mode : new String[] {"relay", "direct"}) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TransferCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--from", one.location().getUri().toString(), "--to", two.location().getUri().toString(),
            "--query", ROWS, "--target-table", "copied_" + mode, "--mode", mode, "--compression", "zstd");
        assertEquals(0, code, out.toString());
        assertEquals(200000, client2.checksumTable("copied_" + mode).rows());
      }
    }
  }

  @Test
  void lz4IsAUsageErrorThatNamesTheAlternative() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TransferCommand());
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--table", "t", "--compression", "lz4");
    assertEquals(2, code);
    assertTrue(err.toString().contains("use zstd"), err.toString());
  }
}
