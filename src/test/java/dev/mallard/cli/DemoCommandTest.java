package dev.mallard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.dataset.ParquetFileCheck;
import dev.mallard.server.MallardServer;
import dev.mallard.server.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private static final String HEADER = "| Operation | Time (ms) | Throughput (rows/sec) |";
  private static final String SEPARATOR = "| --------- | --------- | --------------------- |";
  private static final Pattern TIMED_ROW =
      Pattern.compile("^\\| (GET {6}|TRANSFER |EXCHANGE ) \\| (\\d+\\.\\d\\d) +\\| (\\d{1,3}(,\\d{3})*) +\\|$",
          Pattern.MULTILINE);

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = MallardCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "demo";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cli.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void walksThroughAllFiveStepsOnItsOwnServersAndVerifiesEach() throws Exception {
    Path report = dir.resolve("out/demo-report.md");
    Run run = demo("--rows", "50000", "--dataset-dir", dir.toString(), "--out", report.toString(),
        "--repetitions", "1", "--memory-limit", "1GB", "--batch-size", "8192");
    String out = run.out();
    assertEquals(0, run.exitCode(), () -> out + "\n" + run.err());
    assertTrue(out.contains("Started two Mallard servers in this process: server 1 at grpc+tcp://127.0.0.1:"), out);
    for (String heading : List.of("== Step 1/5: Connection ==", "== Step 2/5: Basic operations ==",
        "== Step 3/5: Large dataset ==", "== Step 4/5: Custom exchange ==", "== Step 5/5: Benchmark report ==")) {
      assertTrue(out.contains(heading), heading + " missing in\n" + out);
    }
    assertFalse(out.contains("\u001b["), "no ANSI colours when not on a terminal");
    assertFalse(out.contains("FAILED"), out);

    // the dataset went to --dataset-dir, named after its size
    assertEquals(50_000, ParquetFileCheck.read(dir.resolve("flights-50000.parquet")).rows());

    // step 1
    assertTrue(out.contains("verified: server 1 at grpc+tcp://127.0.0.1:"), out);
    assertTrue(out.contains("verified: server 2 at grpc+tcp://127.0.0.1:"), out);
    // step 2: the small table, aligned, read back from both servers
    assertTrue(out.contains("  | id | name    | value     |\n  +----+---------+-----------+\n  |  1 | alpha   |      10.5 |\n"), out);
    assertTrue(out.contains("|  5 | echo's  |     0.001 |"), out);
    assertTrue(out.contains("verified: server 1 returned exactly the 5 rows"), out);
    assertTrue(out.contains("verified: server 2 returned exactly the 5 rows"), out);
    // step 3
    assertTrue(out.contains("verified: server 1: 50,000 rows, checksum "), out);
    assertTrue(out.contains(", identical to server 1"), out);
    // step 4
    assertTrue(out.contains("50,000 rows in, 50,000 rows out"), out);
    assertTrue(out.contains("verified: processed = true in all 50,000 rows of all "), out);
    assertTrue(out.contains("as the same query gives locally"), out);
    // step 5: the README table, the footnote, the pointer to JMH
    String table = tableIn(out);
    assertEquals(3, TIMED_ROW.matcher(table).results().count(), table);
    assertTrue(table.endsWith("\n\n*0.05 million rows processed*\n"), table);
    assertTrue(out.contains("./run-bench.sh"), out);
    Matcher get = TIMED_ROW.matcher(table);
    assertTrue(get.find());
    double millis = Double.parseDouble(get.group(2));
    long throughput = Long.parseLong(get.group(3).replace(",", ""));
    // throughput is rows over the median time, up to the rounding of the time to 2 decimals
    assertEquals(50_000 / (millis / 1000), throughput, 50_000 / (millis / 1000) * 0.01 + 1);
    String written = Files.readString(report);
    assertTrue(written.startsWith("# Mallard demo report\n\n" + table), written);
    assertTrue(written.contains("The JMH harness (`./run-bench.sh`) is the rigorous measurement."), written);
    assertTrue(out.contains("All 5 steps verified their data."), out);
  }

  @Test
  void runsAgainstRunningServersAndSkipsTheSqlExchangeForAFileWithoutItsColumns() throws Exception {
    Path file = dir.resolve("my-flights.parquet");
    try (var connection = DuckDbOpener.inMemory().openInMemory();
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (SELECT range AS id, 'flight ' || range AS label, range * 0.5 AS DEP_DELAY"
          + " FROM range(20000)) TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
    }
    try (MallardServer one = TestServers.start(); MallardServer two = TestServers.start()) {
      Run run = demo("--server1", one.location().getUri().toString(), "--server2", two.location().getUri().toString(),
          "--dataset", file.toString(), "--out", dir.resolve("report.md").toString(), "--repetitions", "1");
      assertEquals(0, run.exitCode(), () -> run.out() + "\n" + run.err());
      assertFalse(run.out().contains("Started two Mallard servers"), run.out());
      assertTrue(run.out().contains("verified: server 1 at " + one.location().getUri()), run.out());
      assertTrue(run.out().contains("warning: flights file " + file + " lacks columns ARR_DELAY, CANCELLED needed by "
          + "the sql exchanger query; skipping the sql exchange"), run.out());
      assertTrue(run.out().contains("verified: processed = true in all 20,000 rows"), run.out());
      assertTrue(tableIn(run.out()).endsWith("*0.02 million rows processed*\n"), run.out());
      TestServers.assertNoArrowMemory(one.allocator());
      TestServers.assertNoArrowMemory(two.allocator());
    }
  }

  @Test
  void anUnreachableServerFailsStepOneWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (MallardServer two = TestServers.start()) {
      Run run = demo("--server1", "grpc://127.0.0.1:" + port, "--server2", two.location().getUri().toString(),
          "--rows", "1000", "--dataset-dir", dir.toString(), "--out", dir.resolve("report.md").toString());
      assertEquals(1, run.exitCode(), run.out());
      assertTrue(run.out().contains("FAILED: step 1 (Connection): server 1 at grpc://127.0.0.1:" + port
          + " is unreachable (UNAVAILABLE"), run.out());
      assertTrue(run.err().contains("mallard demo: step 1 (Connection) failed: server 1 at grpc://127.0.0.1:" + port
          + " is unreachable"), run.err());
      assertTrue(run.err().contains("'mallard serve'"), run.err());
      assertFalse(run.out().contains("Step 2/5"), "the demo stops at the failing step");
      assertFalse(Files.exists(dir.resolve("flights-1000.parquet")), "no dataset is generated after step 1 fails");
    }
  }

  @Test
  void aBrokenDatasetFailsStepThreeByName() throws Exception {
    Path notParquet = Files.writeString(dir.resolve("flights.csv"), "FL_DATE,ARR_DELAY\n2024-01-01,3\n");
    Run run = demo("--dataset", notParquet.toString(), "--out", dir.resolve("report.md").toString(),
        "--memory-limit", "1GB");
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.out().contains("verified: server 2 returned exactly the 5 rows"), "steps 1 and 2 ran: " + run.out());
    assertTrue(run.out().contains("FAILED: step 3 (Large dataset): not a Parquet file: " + notParquet), run.out());
    assertTrue(run.err().contains("mallard demo: step 3 (Large dataset) failed"), run.err());
    assertFalse(Files.exists(dir.resolve("report.md")));
  }

  @Test
  void halfAServerPairIsABadOption() {
    Run run = demo("--server1", "grpc://127.0.0.1:8815");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("give both --server1 and --server2"), run.err());
  }

  /** From the header line through the "million rows processed" line. */
  private static String tableIn(String out) {
    int start = out.indexOf(HEADER + "\n" + SEPARATOR + "\n");
    assertTrue(start >= 0, "no README table in\n" + out);
    int end = out.indexOf("million rows processed*\n", start);
    assertTrue(end > start, out);
    return out.substring(start, end + "million rows processed*\n".length());
  }
}
