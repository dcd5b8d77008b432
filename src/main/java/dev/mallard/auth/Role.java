package dev.mallard.auth;

import java.util.Locale;

/**
 * What an authenticated user may do. The server maps roles to operations (a READONLY user only
 * reads, judged by DuckDB's statement type); this package only says which role a caller has.
 */
public enum Role {
  ADMIN,
  READWRITE,
  READONLY;

  /** The spelling used in the users file and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses admin / readwrite / readonly (any case); the error names the accepted values. */
  public static Role parse(String text) {
    if (text != null) {
      for (Role role : values()) {
        if (role.label().equalsIgnoreCase(text.trim())) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "': use admin, readwrite or readonly");
  }
}
