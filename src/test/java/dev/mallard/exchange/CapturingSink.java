package dev.mallard.exchange;

import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.TableIngest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * A test sink that appends every output batch to a DuckDB table (created by the first batch, so
 * even an empty output has its columns), and records each batch's schema and row count.
 */
final class CapturingSink implements BatchSink, AutoCloseable {
  final String table;
  final List<Schema> schemas = new ArrayList<>();
  final List<Integer> batchRows = new ArrayList<>();
  private final DuckDBConnection connection;
  private final BufferAllocator allocator;

  CapturingSink(ExchangeHarness harness, String table) throws SQLException {
    this.table = table;
    this.connection = (DuckDBConnection) harness.db.duplicate();
    this.allocator = harness.root.newChildAllocator("capture-" + table, 0, Long.MAX_VALUE);
  }

  @Override
  public void send(VectorSchemaRoot batch) throws Exception {
    schemas.add(batch.getSchema());
    batchRows.add(batch.getRowCount());
    TableIngest.ingest(connection, allocator, new OneBatchReader(allocator, batch), table, PutMode.APPEND);
  }

  long rows() {
    return batchRows.stream().mapToLong(Integer::longValue).sum();
  }

  /** The one schema every batch had. */
  Schema schema() {
    if (schemas.isEmpty()) {
      throw new AssertionError("nothing was sent");
    }
    for (Schema schema : schemas) {
      if (!schema.equals(schemas.get(0))) {
        throw new AssertionError("output schema changed between batches: " + schemas.get(0) + " then " + schema);
      }
    }
    return schemas.get(0);
  }

  @Override
  public void close() throws Exception {
    connection.close();
    long left = allocator.getAllocatedMemory();
    allocator.close();
    if (left != 0) {
      throw new AssertionError("capturing left " + left + " bytes allocated");
    }
  }
}
