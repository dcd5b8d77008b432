package dev.mallard.exchange;

import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * What an exchanger gets for one call.
 *
 * @param params the client's JSON parameters (everything in the descriptor but {@code exchanger})
 * @param inputSchema the schema of the incoming stream
 * @param allocator the call's allocator; everything allocated from it must be freed by the end
 * @param connection the call's own DuckDB connection, for exchangers that compute with SQL
 */
public record ExchangeContext(
    Map<String, Object> params, Schema inputSchema, BufferAllocator allocator, DuckDBConnection connection) {

  /** An input batch with no rows, allocated from the call's allocator (the caller closes it). */
  public VectorSchemaRoot emptyInput() {
    return Batches.empty(inputSchema, allocator);
  }

  /** A required string parameter, or a clear error naming it. */
  public String requireString(String name) {
    Object value = params.get(name);
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw new IllegalArgumentException("parameter '" + name + "' is required and must be a non-empty string");
    }
    return (String) value;
  }
}
