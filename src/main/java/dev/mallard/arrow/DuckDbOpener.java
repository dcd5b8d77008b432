package dev.mallard.arrow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The one way Mallard opens a DuckDB: in memory or a file, with streamed results, a memory limit,
 * a thread count, other settings, and optionally locked down like a server's. Every value goes in
 * as a SQL literal ({@link SqlIdentifiers}), never pasted.
 *
 * <pre>{@code
 * DuckDBConnection db = DuckDbOpener.inMemory().streamResults().memoryLimit("1GB").threads(2).open();
 * }</pre>
 */
public final class DuckDbOpener {
  private final Path file;
  private boolean streamResults;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private boolean lockedDown;
  private Path readableDir;

  private DuckDbOpener(Path file) {
    this.file = file;
  }

  public static DuckDbOpener inMemory() {
    return new DuckDbOpener(null);
  }

  /** A database file, its directory created if missing; null means in memory. */
  public static DuckDbOpener file(Path file) {
    return new DuckDbOpener(file);
  }

  /**
   * Results stream from DuckDB batch by batch; without it DuckDB builds each whole result before
   * the first row leaves. Whatever exports a whole table needs it.
   */
  public DuckDbOpener streamResults() {
    streamResults = true;
    return this;
  }

  public DuckDbOpener memoryLimit(String limit) {
    return set("memory_limit", SqlIdentifiers.literal(limit));
  }

  public DuckDbOpener threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    return set("threads", Integer.toString(threads));
  }

  /** A boolean setting, e.g. {@code preserve_insertion_order}. */
  public DuckDbOpener flag(String name, boolean value) {
    return set(name, Boolean.toString(value));
  }

  private DuckDbOpener set(String name, String sqlValue) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a DuckDB setting name: " + name);
    }
    settings.put(name, sqlValue);
    return this;
  }

  /**
   * After the settings: no extension auto-install or auto-load, no community extensions, no file
   * access (except {@code readableDir}, when not null), and the configuration locked so SQL cannot
   * change any of it back.
   */
  public DuckDbOpener lockedDown(Path readableDir) {
    this.lockedDown = true;
    this.readableDir = readableDir;
    return this;
  }

  public DuckDBConnection open() throws SQLException, IOException {
    String url = "jdbc:duckdb:";
    if (file != null) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      url += file.toAbsolutePath();
    }
    Properties properties = new Properties();
    if (streamResults) {
      properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    }
    DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> setting : settings.entrySet()) {
        statement.execute("SET " + setting.getKey() + " = " + setting.getValue());
      }
      if (lockedDown) {
        statement.execute("SET autoinstall_known_extensions = false");
        statement.execute("SET autoload_known_extensions = false");
        statement.execute("SET allow_community_extensions = false");
        if (readableDir != null) {
          Path dir = readableDir.toAbsolutePath().normalize();
          Files.createDirectories(dir);
          statement.execute("SET allowed_directories = [" + SqlIdentifiers.literal(dir + "/") + "]");
        }
        statement.execute("SET enable_external_access = false");
        statement.execute("SET lock_configuration = true");
      }
    } catch (SQLException | IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** {@link #open} for callers that open no file: an in-memory database never does I/O of ours. */
  public DuckDBConnection openInMemory() throws SQLException {
    try {
      return open();
    } catch (IOException e) {
      throw new SQLException("cannot open DuckDB: " + e.getMessage(), e);
    }
  }
}
