package dev.mallard.client;

/**
 * Row count plus an order-independent content checksum (the sum of DuckDB's hash of every row),
 * computed by DuckDB on the server. Two tables with the same rows, in any order, agree.
 */
public record TableChecksum(long rows, String checksum) {
  /** SQL computing the checksum of a query's result. */
  static String sqlFor(String query) {
    return "SELECT count(*)::BIGINT AS row_count, coalesce(sum(hash(mallard_row))::VARCHAR, '0') AS checksum"
        + " FROM (" + query + ") AS mallard_row";
  }
}
