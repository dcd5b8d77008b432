package dev.mallard.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code mallard serve --single} in a JVM of its own, so a test can kill it with SIGKILL
 * ({@link Process#destroyForcibly}) the way a crash or an OOM killer would.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  // opens when the server says it serves, or when its output ends (it exited)
  private final CountDownLatch readyOrGone = new CountDownLatch(1);
  private volatile boolean serving;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code serve --single} on {@code port} with the extra options, and waits until it accepts connections. */
  public static ServerProcess start(String scheme, int port, Path log, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED",
        "-Xmx1g",
        "-cp", System.getProperty("java.class.path"),
        "dev.mallard.cli.MallardCli", "serve", "--single",
        "--server1-location", scheme + "://127.0.0.1:" + port,
        "--memory-limit", "1GB", "--threads", "2"));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ServerProcess server = new ServerProcess(process, port, log);
    server.copyOutputToLog();
    server.awaitListening();
    return server;
  }

  /** A port that was free a moment ago; the child binds it itself. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Copies the child's output to the log as it comes, watching for the line {@code serve} prints once it listens. */
  private void copyOutputToLog() {
    Thread copier = new Thread(() -> {
      try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
          BufferedWriter out = Files.newBufferedWriter(log, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        String line;
        while ((line = output.readLine()) != null) {
          out.write(line);
          out.newLine();
          out.flush();
          if (line.startsWith("Serving ")) {
            serving = true;
            readyOrGone.countDown();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("copying the server's output to " + log, e);
      } finally {
        readyOrGone.countDown();
      }
    }, "server-process-output");
    copier.setDaemon(true);
    copier.start();
  }

  private void awaitListening() throws Exception {
    if (!readyOrGone.await(90, TimeUnit.SECONDS)) {
      close();
      throw new IllegalStateException("server process did not listen on " + port + " within 90 s:\n" + Files.readString(log));
    }
    if (!serving) {
      throw new IllegalStateException("server process exited with " + process.waitFor() + ":\n" + Files.readString(log));
    }
  }

  public int port() {
    return port;
  }

  /** SIGKILL: no shutdown hook, no checkpoint, no rollback. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server process survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the shutdown hook closes the database
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
