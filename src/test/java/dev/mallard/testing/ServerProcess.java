package dev.mallard.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mallard serve --single} in a JVM of its own, so a test can kill it with SIGKILL
 * ({@link Process#destroyForcibly}) the way a crash or an OOM killer would.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

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
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    ServerProcess server = new ServerProcess(process, port, log);
    server.awaitListening();
    return server;
  }

  /** A port that was free a moment ago; the child binds it itself. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server process exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("server process did not listen on " + port + " within 90 s:\n" + Files.readString(log));
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
