package dev.mallard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mallard.arrow.QueryExport;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.core.BulkIngestMode;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.adbc.sql.SqlQuirks;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** The ADBC Flight SQL driver for Java: a query, and its bulk ingest (prepared INSERT with a parameter batch). */
class FlightSqlAdbcTest extends ServerTestBase {

  private AdbcDatabase open() throws Exception {
    Map<String, Object> parameters = new HashMap<>();
    AdbcDriver.PARAM_URI.set(parameters, "grpc+tcp://127.0.0.1:" + server.port());
    // ADBC's bulk ingest writes its own CREATE TABLE; its default names text CLOB, which DuckDB lacks
    parameters.put(AdbcDriver.PARAM_SQL_QUIRKS, SqlQuirks.builder().arrowToSqlTypeNameMapping(type ->
        type instanceof ArrowType.Utf8 ? "VARCHAR" : SqlQuirks.DEFAULT_ARROW_TYPE_TO_SQL_TYPE_NAME_MAPPING.apply(type))
        .build());
    return new FlightSqlDriver(allocator).open(parameters);
  }

  @Test
  void queryStreamsBatches() throws Exception {
    long rows = 0;
    long sum = 0;
    try (AdbcDatabase database = open(); AdbcConnection connection = database.connect();
        AdbcStatement statement = connection.createStatement()) {
      statement.setSqlQuery("SELECT range AS n FROM range(200000)");
      try (AdbcStatement.QueryResult result = statement.executeQuery()) {
        ArrowReader reader = result.getReader();
        while (reader.loadNextBatch()) {
          BigIntVector n = (BigIntVector) reader.getVectorSchemaRoot().getVector(0);
          for (int i = 0; i < n.getValueCount(); i++) {
            sum += n.get(i);
          }
          rows += reader.getVectorSchemaRoot().getRowCount();
        }
      }
    }
    assertEquals(200_000, rows);
    assertEquals(199_999L * 200_000L / 2, sum);
  }

  @Test
  void bulkIngestCreatesAndFillsATable() throws Exception {
    try (AdbcDatabase database = open(); AdbcConnection connection = database.connect();
        QueryExport source = local.export("SELECT range AS id, 'name ' || range AS name FROM range(2000)",
            allocator, 2000)) {
      ArrowReader reader = source.reader();
      long written = 0;
      while (reader.loadNextBatch()) {
        try (AdbcStatement ingest = connection.bulkIngest("adbc_people", written == 0
            ? BulkIngestMode.CREATE : BulkIngestMode.APPEND)) {
          ingest.bind(reader.getVectorSchemaRoot());
          written += ingest.executeUpdate().getAffectedRows();
        }
      }
      assertEquals(2000, written);
    }
    assertEquals(2000, client.checksumTable("adbc_people").rows());
    assertEquals(client.checksumQuery("SELECT range AS id, 'name ' || range AS name FROM range(2000)"),
        client.checksumTable("adbc_people"));
  }
}
