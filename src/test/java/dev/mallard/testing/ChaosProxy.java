package dev.mallard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.Location;

/**
 * A TCP forwarder between a Flight client and a server that can fail like a network or a dead
 * process does: {@link #cut} resets every connection (RST, not a polite close) and refuses new
 * ones. Lets one JVM play a client or a target that vanishes mid-stream.
 */
public final class ChaosProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesToServer = new AtomicLong();
  private final AtomicLong bytesFromServer = new AtomicLong();
  private volatile boolean cut;
  private volatile long cutAfterBytesToServer = Long.MAX_VALUE;
  private volatile long bytesPerSecondFromServer = Long.MAX_VALUE;

  public ChaosProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "chaos-proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public Location location() {
    return Location.forGrpcInsecure("127.0.0.1", listener.getLocalPort());
  }

  /** Resets every open connection and every later one, as if the far side had died. */
  public void cut() {
    cut = true;
    for (Socket socket : sockets) {
      reset(socket);
    }
  }

  /**
   * Cuts every connection once the clients have sent {@code bytes} through the proxy: a far side
   * that dies mid-upload, at a point the test knows the upload is flowing, with no thread watching.
   */
  public void cutAfterBytesToServer(long bytes) {
    cutAfterBytesToServer = bytes;
    if (bytesToServer.get() >= bytes) {
      cut();
    }
  }

  /** Lets the server's bytes through no faster than {@code bytesPerSecond}, as a thin link would. */
  public ChaosProxy throttleFromServer(long bytesPerSecond) {
    bytesPerSecondFromServer = bytesPerSecond;
    return this;
  }

  public boolean isCut() {
    return cut;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          reset(client);
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, bytesToServer);
        pump(server, client, bytesFromServer);
      } catch (IOException e) {
        // listener closed, or the server refused: the client sees its connection drop
      }
    }
  }

  /** Bytes the clients sent through this proxy so far. */
  public long bytesToServer() {
    return bytesToServer.get();
  }

  /** Bytes the server sent back through this proxy so far. */
  public long bytesFromServer() {
    return bytesFromServer.get();
  }

  private void pump(Socket from, Socket to, AtomicLong counted) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      long start = System.nanoTime();
      long pumped = 0;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          pumped += n;
          if (counted == bytesFromServer) {
            holdToRate(start, pumped, bytesPerSecondFromServer);
          }
          if (counted.addAndGet(n) >= cutAfterBytesToServer && counted == bytesToServer) {
            cut();
          }
        }
      } catch (IOException e) {
        // one side went away: take the other down too
      } finally {
        reset(from);
        reset(to);
      }
    }, "chaos-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** Sleeps until {@code pumped} bytes since {@code start} are within {@code bytesPerSecond}. */
  private static void holdToRate(long start, long pumped, long bytesPerSecond) {
    if (bytesPerSecond == Long.MAX_VALUE) {
      return;
    }
    long due = start + (long) (pumped * 1e9 / bytesPerSecond);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // already closed
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    sockets.remove(socket);
  }

  @Override
  public void close() throws IOException {
    cut();
    listener.close();
  }
}
