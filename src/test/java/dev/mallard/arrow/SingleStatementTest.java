package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * The statement counter against the texts that fool a naive split, and against DuckDB's own parser
 * ({@code json_serialize_sql} parses SELECT-only texts without running them): if the driver's
 * tokenizer changes, the differential test says so.
 */
class SingleStatementTest {

  /** Texts with the number of statements DuckDB finds in them. */
  private static final List<Object[]> CASES = List.of(
      new Object[] {"SELECT 1", 1},
      new Object[] {"SELECT 1;", 1},
      new Object[] {"SELECT 1;;;", 1},
      new Object[] {"  ;SELECT 1 ; ", 1},
      new Object[] {"SELECT 1; SELECT 2", 2},
      new Object[] {"SELECT 1;SELECT 2;SELECT 3;", 3},
      new Object[] {"SELECT 'a;b'", 1},
      new Object[] {"SELECT 'it''s; fine'", 1},
      new Object[] {"SELECT 'a\\'; SELECT 1", 2},
      new Object[] {"SELECT E'a\\'; SELECT 1'", 1},
      new Object[] {"SELECT e'\\\\'; SELECT 1", 2},
      new Object[] {"SELECT abce'x;y'", 1},
      new Object[] {"SELECT \"a;b\" FROM (SELECT 1 AS \"a;b\")", 1},
      new Object[] {"SELECT 1 AS \"x\"\";\"", 1},
      new Object[] {"SELECT $$a;b$$", 1},
      new Object[] {"SELECT $q$a;$$;b$q$", 1},
      new Object[] {"SELECT $q$a$q$; SELECT 2", 2},
      new Object[] {"SELECT 1 AS a$b$; SELECT 2", 2},
      new Object[] {"SELECT 1 -- ; comment\n", 1},
      new Object[] {"SELECT 1 -- comment\n; SELECT 2", 2},
      new Object[] {"SELECT 1 /* ; */", 1},
      new Object[] {"SELECT 1 /* /* ; */ ; */", 1},
      new Object[] {"SELECT 1 /* /* */ ; */", 1},
      new Object[] {"/* a */ SELECT 1 /* b */ ; /* c */", 1},
      new Object[] {"SELECT 1::INTEGER; SELECT 2", 2},
      new Object[] {"SELECT 1e5; SELECT 2", 2},
      new Object[] {"SELECT 1.5e-3", 1},
      new Object[] {"SELECT 'x' || 'y;'", 1},
      new Object[] {"SELECT X'ab;'", 1},
      new Object[] {"SELECT [1, 2][1]; SELECT {'a': 1}", 2},
      new Object[] {"", 0},
      new Object[] {" ; ; ", 0},
      new Object[] {"-- only a comment", 0},
      new Object[] {"/* only */ ; /* comments */", 0});

  @Test
  void countsStatementsAsDuckDbDoes() {
    for (Object[] c : CASES) {
      assertEquals(c[1], SingleStatement.count((String) c[0]), (String) c[0]);
    }
  }

  @Test
  void agreesWithDuckDbsOwnParser() throws Exception {
    try (DuckDBConnection connection = DuckDbOpener.inMemory().openInMemory();
        PreparedStatement parse = connection.prepareStatement(
            "SELECT json_array_length(json_serialize_sql(?::VARCHAR), '$.statements'),"
                + " json_serialize_sql(?::VARCHAR)->>'$.error'")) {
      int compared = 0;
      for (Object[] c : CASES) {
        String text = (String) c[0];
        parse.setString(1, text);
        parse.setString(2, text);
        try (ResultSet rs = parse.executeQuery()) {
          rs.next();
          if (!"false".equals(rs.getString(2))) {
            continue; // DuckDB does not parse it (only SELECTs serialize): nothing to compare
          }
          assertEquals(rs.getInt(1), SingleStatement.count(text), "DuckDB disagrees on: " + text);
          compared++;
        }
      }
      assertTrue(compared >= CASES.size() - 6, "only " + compared + " cases were comparable");
    }
  }

  @Test
  void requireAcceptsOneAndRefusesTheRestWithTheSecondStatementNamed() {
    assertDoesNotThrow(() -> SingleStatement.require("SELECT ';' AS v; -- trailing"));
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> SingleStatement.require("CREATE TABLE x AS SELECT 1;  SELECT 42"));
    assertTrue(two.getMessage().contains("holds 2") && two.getMessage().contains("\"SELECT 42\""), two.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> SingleStatement.require("-- nothing"));
    assertTrue(none.getMessage().contains("no statement"), none.getMessage());
  }

  @Test
  void aCommentGluedToAnOperatorIsAmbiguousAndRefused() {
    // the PostgreSQL scanner starts a comment at "/*"; DuckDB's PEG tokenizer keeps it in the operator
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SingleStatement.require("SELECT 1 +/* ; */ 2"));
    assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    assertDoesNotThrow(() -> SingleStatement.require("SELECT 1 + /* ; */ 2"));
  }
}
