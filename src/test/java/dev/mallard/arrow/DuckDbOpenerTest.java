package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class DuckDbOpenerTest {

  private static String setting(DuckDBConnection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_setting('" + name + "')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void settingsAreApplied() throws Exception {
    try (DuckDBConnection db = DuckDbOpener.inMemory().streamResults().memoryLimit("512MB").threads(1)
        .flag("preserve_insertion_order", false).openInMemory()) {
      assertEquals("1", setting(db, "threads"));
      assertEquals("false", setting(db, "preserve_insertion_order"));
      assertTrue(setting(db, "memory_limit").contains("MiB") || setting(db, "memory_limit").contains("MB"),
          setting(db, "memory_limit"));
    }
  }

  @Test
  void aMemoryLimitIsALiteralNotSql() {
    SQLException e = assertThrows(SQLException.class,
        () -> DuckDbOpener.inMemory().memoryLimit("1GB'; SET threads = 9; --").openInMemory());
    assertTrue(e.getMessage().toLowerCase().contains("memory"), e.getMessage());
  }

  @Test
  void aSettingNameMustBeAName() {
    assertThrows(IllegalArgumentException.class, () -> DuckDbOpener.inMemory().flag("x = 1; SET y", true));
    assertThrows(IllegalArgumentException.class, () -> DuckDbOpener.inMemory().threads(0));
  }

  @Test
  void lockedDownRefusesFilesAndSettingChanges() throws Exception {
    try (DuckDBConnection db = DuckDbOpener.inMemory().lockedDown(null).openInMemory();
        Statement statement = db.createStatement()) {
      assertThrows(SQLException.class, () -> statement.execute("SELECT * FROM read_csv('/etc/passwd')"));
      assertThrows(SQLException.class, () -> statement.execute("SET enable_external_access = true"));
      assertEquals("false", setting(db, "autoinstall_known_extensions"));
    }
  }
}
