package dev.mallard.server;

import dev.mallard.arrow.SqlIdentifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * One DuckDB database, configured and then locked: after {@link #open} no client SQL can reach the
 * file system (except {@code dataDir}), install or load extensions, or change the settings back.
 */
final class DuckDbDatabase implements AutoCloseable {
  private final DuckDBConnection root;

  private DuckDbDatabase(DuckDBConnection root) {
    this.root = root;
  }

  static DuckDbDatabase open(ServerConfig config) throws SQLException, IOException {
    Path file = config.database();
    String url = "jdbc:duckdb:";
    if (file != null) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      url += file.toAbsolutePath();
    }
    Properties properties = new Properties();
    // Without this DuckDB builds each whole result before the first row leaves: GET must stream.
    properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection(url, properties);
    try (Statement settings = root.createStatement()) {
      settings.execute("SET memory_limit = " + SqlIdentifiers.literal(config.memoryLimit()));
      settings.execute("SET threads = " + config.threads());
      settings.execute("SET autoinstall_known_extensions = false");
      settings.execute("SET autoload_known_extensions = false");
      settings.execute("SET allow_community_extensions = false");
      if (config.dataDir() != null) {
        Path dir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        settings.execute("SET allowed_directories = [" + SqlIdentifiers.literal(dir + "/") + "]");
      }
      settings.execute("SET enable_external_access = false");
      settings.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      root.close();
      throw e;
    }
    return new DuckDbDatabase(root);
  }

  /** A connection of its own for one call: concurrent calls neither serialize nor see each other's transactions. */
  DuckDBConnection connect() throws SQLException {
    return root.duplicate();
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }
}
