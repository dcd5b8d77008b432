package dev.mallard.server;

import dev.mallard.exchange.ExchangerRegistry;
import java.io.IOException;
import java.sql.SQLException;

/** Two Mallard servers in one process, the way the benchmarks and the demo run them. */
public final class ServerPair implements AutoCloseable {
  private final MallardServer first;
  private final MallardServer second;

  private ServerPair(MallardServer first, MallardServer second) {
    this.first = first;
    this.second = second;
  }

  public static ServerPair start(ServerConfig first, ServerConfig second, ExchangerRegistry exchangers)
      throws IOException, SQLException, InterruptedException {
    MallardServer one = MallardServer.start(first, exchangers);
    try {
      return new ServerPair(one, MallardServer.start(second, exchangers));
    } catch (IOException | SQLException | RuntimeException e) {
      one.close();
      throw e;
    }
  }

  public MallardServer first() {
    return first;
  }

  public MallardServer second() {
    return second;
  }

  @Override
  public void close() throws InterruptedException, SQLException {
    try {
      second.close();
    } finally {
      first.close();
    }
  }
}
