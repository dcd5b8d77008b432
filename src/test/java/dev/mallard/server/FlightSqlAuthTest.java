package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.auth.PasswordHash;
import dev.mallard.auth.Role;
import dev.mallard.auth.UserStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With auth on, JDBC users log in with user and password, and the roles of the plain API apply to Flight SQL too. */
class FlightSqlAuthTest {
  private MallardServer server;

  @BeforeEach
  void start() throws Exception {
    UserStore users = UserStore.of(List.of(
        new UserStore.User("walt", Role.READWRITE, PasswordHash.create("walt-pw".toCharArray(), 1_000)),
        new UserStore.User("olga", Role.READONLY, PasswordHash.create("olga-pw".toCharArray(), 1_000))));
    server = TestServers.start(TestServers.config().withAuth(users, Duration.ofHours(1)));
  }

  @AfterEach
  void stop() throws Exception {
    TestServers.assertNoArrowMemory(server.allocator());
    server.close();
  }

  private Connection connect(String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("useEncryption", "false");
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + server.port(), properties);
  }

  @Test
  void readOnlyUsersQueryButCannotWrite() throws Exception {
    try (Connection walt = connect("walt", "walt-pw"); Statement statement = walt.createStatement()) {
      statement.executeUpdate("CREATE TABLE shared AS SELECT range AS n FROM range(10)");
    }
    try (Connection olga = connect("olga", "olga-pw"); Statement statement = olga.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT sum(n) FROM shared")) {
        rs.next();
        assertEquals(45, rs.getLong(1));
      }
      SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate("DELETE FROM shared"));
      assertTrue(String.valueOf(refused.getMessage()).contains("read-only")
          || String.valueOf(refused.getCause()).contains("read-only"), refused.toString());
      assertThrows(SQLException.class, () -> statement.executeUpdate("DROP TABLE shared"));
    }
    try (Connection walt = connect("walt", "walt-pw"); Statement statement = walt.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM shared")) {
      rs.next();
      assertEquals(10, rs.getLong(1));
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertThrows(SQLException.class, () -> {
      try (Connection c = connect("walt", "nope"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
      }
    });
  }

}
