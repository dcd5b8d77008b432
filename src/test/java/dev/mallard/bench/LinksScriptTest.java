package dev.mallard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/main/sh/links.sh}, the shaped links behind {@code run-bench.sh --link}: a server in one
 * network namespace, a client in another, one tbf-shaped veth between them, one small GET across it,
 * and nothing of it left afterwards. Runs only where network namespaces can be made (root with
 * ip and tc); elsewhere it is skipped with the reason.
 */
class LinksScriptTest {
  private static final Path SCRIPT = Path.of("src/main/sh/links.sh");
  private static final long ROWS = 500_000;

  @TempDir
  Path dir;

  @Test
  void oneGetCrossesTheShapedLinkAndEveryNamespaceIsGoneAfterwards() throws Exception {
    assumeTrue(canMakeNamespaces(), "needs root with ip and tc to make network namespaces (not available here)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    String probe = java + " --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED -cp " + classpath
        + " dev.mallard.testing.GetProbe \"$MLK_SERVER1\" 'SELECT range AS n FROM range(" + ROWS + ")'";
    ProcessBuilder run = new ProcessBuilder(SCRIPT.toString(), "run", "100mbit", "--single", "--log-dir",
        dir.toString(), "--", "bash", "-c",
        probe + " && " + SCRIPT + " counters && tc -n \"mlk$MLK_ID-s1\" qdisc show dev to-c")
        .redirectErrorStream(true);
    run.environment().put("MALLARD_SERVE", java + " --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"
        + " -Xmx512m -cp " + classpath + " dev.mallard.cli.MallardCli serve --memory-limit 512MB --threads 1");
    Process process = run.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);

    // the GET moved every row, and the data really went over the shaped link
    assertTrue(output.contains("rows=" + ROWS + " "), output);
    assertTrue(output.contains("sum=" + ROWS * (ROWS - 1) / 2), output);
    long arrowBytes = number(output, "bytes=(\\d+)");
    long serverToClient = number(output, "(?m)^s1>c (\\d+)$");
    assertTrue(arrowBytes >= ROWS * 8, output);
    assertTrue(serverToClient >= arrowBytes, "the link carried " + serverToClient + " bytes, less than the "
        + arrowBytes + " Arrow bytes of the GET:\n" + output);
    assertTrue(output.contains("tbf") && output.contains("rate 100Mbit"), output);

    // nothing left: no namespace of this run, no process in one
    String id = matched(output, "namespaces mlk(\\d+)-\\*");
    String namespaces = command("ip", "netns", "list");
    assertFalse(namespaces.contains("mlk" + id + "-"), namespaces);
    assertFalse(Files.readString(dir.resolve("server1.log")).isEmpty(), "the server wrote no log");
    String processes = command("ps", "-eo", "args");
    assertFalse(processes.contains("MallardCli serve --memory-limit 512MB --threads 1"), processes);
  }

  private static boolean canMakeNamespaces() {
    try {
      return command("id", "-u").trim().equals("0") && !command("sh", "-c", "command -v ip && command -v tc").isBlank();
    } catch (Exception e) {
      return false;
    }
  }

  private static String command(String... args) throws Exception {
    Process p = new ProcessBuilder(List.of(args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static long number(String text, String regex) {
    return Long.parseLong(matched(text, regex));
  }

  private static String matched(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no " + regex + " in:\n" + text);
    return m.group(1);
  }
}
