package dev.mallard.cli.demo;

import dev.mallard.client.MallardClient;
import dev.mallard.dataset.ParquetFileReport;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What the steps share: the console, the two servers and their clients, the client's DuckDB,
 * and the flights file once step 3 has prepared it. Closes the clients it opened.
 */
public final class DemoSession implements AutoCloseable {
  /** Opens a client to a location, logging in if the user gave credentials. */
  @FunctionalInterface
  public interface Connector {
    MallardClient connect(Location location) throws Exception;
  }

  public static final String SIMPLE_TABLE = "simple_table";
  public static final String FLIGHTS_TABLE = "flights";
  public static final String FLIGHTS_QUERY = "SELECT * FROM " + FLIGHTS_TABLE;

  private final DemoConsole console;
  private final DemoSettings settings;
  private final BufferAllocator allocator;
  private final LocalDuckDb local;
  private final Location location1;
  private final Location location2;
  private final Connector connector;
  private MallardClient server1;
  private MallardClient server2;
  private ParquetFileReport dataset;

  public DemoSession(DemoConsole console, DemoSettings settings, BufferAllocator allocator, LocalDuckDb local,
      Location location1, Location location2, Connector connector) {
    this.console = console;
    this.settings = settings;
    this.allocator = allocator;
    this.local = local;
    this.location1 = location1;
    this.location2 = location2;
    this.connector = connector;
  }

  void connect() throws Exception {
    server1 = connector.connect(location1);
    server2 = connector.connect(location2);
  }

  public DemoConsole console() {
    return console;
  }

  public DemoSettings settings() {
    return settings;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  public LocalDuckDb local() {
    return local;
  }

  public Location location1() {
    return location1;
  }

  public Location location2() {
    return location2;
  }

  public MallardClient server1() {
    return connected(server1);
  }

  public MallardClient server2() {
    return connected(server2);
  }

  private static MallardClient connected(MallardClient server) {
    if (server == null) {
      throw new IllegalStateException("not connected: step 1 runs first");
    }
    return server;
  }

  public ParquetFileReport dataset() {
    if (dataset == null) {
      throw new IllegalStateException("no dataset: step 3 prepares it");
    }
    return dataset;
  }

  void dataset(ParquetFileReport file) {
    this.dataset = file;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (server2 != null) {
        server2.close();
      }
    } finally {
      if (server1 != null) {
        server1.close();
      }
    }
  }
}
