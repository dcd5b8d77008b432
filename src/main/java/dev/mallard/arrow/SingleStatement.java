package dev.mallard.arrow;

/**
 * Makes sure a SQL text is exactly one statement before DuckDB sees it. DuckDB's JDBC driver
 * runs every statement but the last of a {@code ;}-separated text while it merely prepares it
 * ({@code _duckdb_jdbc_prepare} and {@code _duckdb_jdbc_pending_query} in duckdb-java's
 * {@code duckdb_java.cpp} call {@code Query()} on each leading statement), so the count has to
 * be known before anything is prepared, and the driver offers no way to ask DuckDB's parser
 * without executing ({@code json_serialize_sql} and {@code query()} parse only SELECTs).
 *
 * <p>So this class splits the text the way DuckDB's tokenizer does (duckdb's
 * {@code parser/peg/tokenizer/base_tokenizer.cpp}): {@code '...'} strings with {@code ''},
 * {@code E'...'} strings with backslash escapes (only where the {@code E} begins a token),
 * {@code "..."} identifiers with {@code ""}, {@code $tag$...$tag$} strings ({@code $1} is a
 * parameter, a {@code $} inside a word is part of it), {@code --} comments to the end of the
 * line, nested {@code /* *}{@code /} comments. Two points differ between DuckDB's parsers (the
 * older PostgreSQL scanner cuts an operator at {@code /*}, the PEG tokenizer keeps it in the
 * operator) and in how it normalizes Unicode spaces, so the text is split under each reading and
 * accepted only when every reading finds the same single statement: a text they disagree on is
 * refused, never run. A malformed text that this lexer passes is still safe: DuckDB parses the
 * whole text before it executes any of it, and a parse error runs nothing.
 */
public final class SingleStatement {
  private SingleStatement() {}

  /**
   * @throws IllegalArgumentException (INVALID_ARGUMENT on the wire) unless {@code sql} is exactly
   *     one statement; comments and trailing semicolons are fine
   */
  public static void require(String sql) {
    Split first = null;
    boolean disagree = false;
    for (boolean cutOperatorAtComment : new boolean[] {false, true}) {
      for (boolean unicodeSpaces : new boolean[] {true, false}) {
        Split split = split(sql, cutOperatorAtComment, unicodeSpaces);
        if (first == null) {
          first = split;
        } else if (split.count != first.count) {
          disagree = true;
          first = split.count > first.count ? split : first;
        }
      }
    }
    if (first.count == 0) {
      throw new IllegalArgumentException("the SQL text holds no statement (only comments, spaces or semicolons)");
    }
    if (disagree) {
      throw new IllegalArgumentException("the SQL text is ambiguous: DuckDB's parsers may read it as more than one"
          + " statement (a '/*' directly after an operator, or a Unicode space in a $tag$); put a space before"
          + " the comment and send one statement");
    }
    if (first.count > 1) {
      throw new IllegalArgumentException("a query must be exactly one SQL statement, but this text holds "
          + first.count + " (the second starts at character " + first.secondStart + ": \""
          + preview(sql, first.secondStart) + "\"); send each statement on its own");
    }
  }

  /** How many statements {@code sql} holds, under the reading DuckDB 2.0's tokenizer uses (for tests). */
  static int count(String sql) {
    return split(sql, false, true).count;
  }

  private record Split(int count, int secondStart) {}

  private enum State { STANDARD, KEYWORD, NUMERIC, OPERATOR, STRING, QUOTED_IDENTIFIER, LINE_COMMENT, BLOCK_COMMENT,
    DOLLAR_STRING }

  /**
   * A port of DuckDB's tokenizer state machine that only tracks where statements end. Anything
   * that is not space or comment makes the current statement non-empty, including a stray
   * character DuckDB itself would drop: counting too many only refuses, counting too few would run.
   */
  private static Split split(String sql, boolean cutOperatorAtComment, boolean unicodeSpaces) {
    int count = 0;
    int secondStart = -1;
    boolean statementHasTokens = false;
    int statementStart = 0;
    State state = State.STANDARD;
    boolean escapeString = false;
    String dollarTag = "";
    int commentDepth = 0;
    int tokenStart = 0;
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      switch (state) {
        case STANDARD -> {
          if (c == ';') {
            if (statementHasTokens) {
              count++;
              if (count == 2 && secondStart < 0) {
                secondStart = statementStart;
              }
            }
            statementHasTokens = false;
            break;
          }
          if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
            i++;
            state = State.LINE_COMMENT;
            break;
          }
          if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            i++;
            state = State.BLOCK_COMMENT;
            commentDepth = 1;
            break;
          }
          if (isSpace(c, unicodeSpaces)) {
            break;
          }
          if (!statementHasTokens) {
            statementHasTokens = true;
            statementStart = i;
            if (count == 1 && secondStart < 0) {
              secondStart = i;
            }
          }
          if (c == '\'') {
            state = State.STRING;
            escapeString = false;
            break;
          }
          if (c == '"') {
            state = State.QUOTED_IDENTIFIER;
            break;
          }
          if (c == '$') {
            if (i + 1 >= n || isDigit(sql.charAt(i + 1))) {
              break; // a parameter ($1) or a lone dollar
            }
            int next = -1;
            for (int j = i + 1; j < n; j++) {
              char t = sql.charAt(j);
              if (t == '$') {
                next = j;
                break;
              }
              if (!isDollarTagCharacter(t, unicodeSpaces)) {
                break;
              }
            }
            if (next < 0) {
              break; // $name: a named parameter
            }
            dollarTag = sql.substring(i + 1, next);
            state = State.DOLLAR_STRING;
            i = next;
            break;
          }
          int special = specialOperatorLength(sql, i);
          if (special > 0 && !(cutOperatorAtComment && startsComment(sql, i + 1, i + special))) {
            i += special - 1;
            break;
          }
          if (isSingleByteOperator(c)) {
            break;
          }
          if (isDigit(c) || c == '.') {
            state = State.NUMERIC;
            tokenStart = i;
            break;
          }
          if (isSpecialStringPrefix(c) && i + 1 < n && sql.charAt(i + 1) == '\'') {
            state = State.STRING;
            escapeString = c == 'E' || c == 'e';
            i++;
            break;
          }
          state = isOperatorCharacter(c) ? State.OPERATOR : State.KEYWORD;
        }
        case NUMERIC -> {
          if (isDigit(c) || c == '.') {
            break;
          }
          if (c == '_' && i + 1 < n && (isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '.')) {
            break;
          }
          char previous = sql.charAt(i - 1);
          if ((c == 'e' || c == 'E') && previous != 'e' && previous != 'E'
              && (isDigit(sql.charAt(tokenStart)) || isDigit(previous))) {
            break;
          }
          if ((c == '+' || c == '-') && (previous == 'e' || previous == 'E')) {
            break;
          }
          // the number ends at its last digit or dot; what follows is read again in STANDARD
          while (!(isDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '.')) {
            i--;
          }
          state = State.STANDARD;
          i--;
        }
        case OPERATOR -> {
          boolean comment = cutOperatorAtComment && startsComment(sql, i, i + 1);
          if (comment || !isOperatorCharacter(c) || isSingleByteOperator(c) || isControlFlow(c)) {
            state = State.STANDARD;
            i--;
          }
        }
        case KEYWORD -> {
          if (c != '$' && !isKeywordCharacter(c, unicodeSpaces)) {
            state = State.STANDARD;
            i--;
          }
        }
        case STRING -> {
          if (escapeString && c == '\\' && i + 1 < n) {
            i++;
          } else if (c == '\'') {
            if (i + 1 < n && sql.charAt(i + 1) == '\'') {
              i++;
            } else {
              state = State.STANDARD;
            }
          }
        }
        case QUOTED_IDENTIFIER -> {
          if (c == '"') {
            if (i + 1 < n && sql.charAt(i + 1) == '"') {
              i++;
            } else {
              state = State.STANDARD;
            }
          }
        }
        case LINE_COMMENT -> {
          if (c == '\n' || c == '\r') {
            state = State.STANDARD;
          }
        }
        case BLOCK_COMMENT -> {
          if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            i++;
            commentDepth++;
          } else if (c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
            i++;
            if (--commentDepth == 0) {
              state = State.STANDARD;
            }
          }
        }
        case DOLLAR_STRING -> {
          if (c == '$' && sql.startsWith(dollarTag + "$", i + 1)) {
            i += dollarTag.length() + 1;
            state = State.STANDARD;
          }
        }
        default -> throw new IllegalStateException("unknown state " + state);
      }
    }
    if (statementHasTokens) {
      count++;
      if (count == 2 && secondStart < 0) {
        secondStart = statementStart;
      }
    }
    return new Split(count, secondStart);
  }

  /** Whether a comment opener ({@code /*}) starts at some position in {@code [from, to)}. */
  private static boolean startsComment(String sql, int from, int to) {
    for (int j = from; j < to && j + 1 < sql.length(); j++) {
      if (sql.charAt(j) == '/' && sql.charAt(j + 1) == '*') {
        return true;
      }
    }
    return false;
  }

  private static int specialOperatorLength(String sql, int i) {
    if (sql.startsWith("->>", i)) {
      return 3;
    }
    for (String op : new String[] {"::", ":=", "->", "**", "//"}) {
      if (sql.startsWith(op, i)) {
        return 2;
      }
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The characters DuckDB's parser turns into plain spaces before it tokenizes (outside literals). */
  private static boolean isUnicodeSpace(char c) {
    return c == '\u00A0' || (c >= '\u2000' && c <= '\u200B') || c == '\u202F' || c == '\u205F' || c == '\u2060'
        || c == '\u3000' || c == '\uFEFF';
  }

  private static boolean isSpace(char c, boolean unicodeSpaces) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
        || (unicodeSpaces && isUnicodeSpace(c));
  }

  private static boolean isSingleByteOperator(char c) {
    return "(){}[],?$-#".indexOf(c) >= 0;
  }

  private static boolean isControlFlow(char c) {
    return "'-;\".".indexOf(c) >= 0;
  }

  /** DuckDB's {@code StringUtil::CharacterIsOperator}: ASCII punctuation except the underscore. */
  private static boolean isOperatorCharacter(char c) {
    if (c == '_') {
      return false;
    }
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  }

  private static boolean isKeywordCharacter(char c, boolean unicodeSpaces) {
    return !isSingleByteOperator(c) && !isOperatorCharacter(c) && !isSpace(c, unicodeSpaces) && !isControlFlow(c);
  }

  private static boolean isDollarTagCharacter(char c, boolean unicodeSpaces) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '_'
        || (c >= '\u0080' && !(unicodeSpaces && isUnicodeSpace(c)));
  }

  private static boolean isSpecialStringPrefix(char c) {
    return "NnXxEeBb".indexOf(c) >= 0;
  }

  private static String preview(String sql, int start) {
    String rest = sql.substring(Math.max(0, start)).strip().replaceAll("\\s+", " ");
    return rest.length() <= 60 ? rest : rest.substring(0, 57) + "...";
  }
}
