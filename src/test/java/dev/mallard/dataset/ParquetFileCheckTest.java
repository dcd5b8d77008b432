package dev.mallard.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mallard.arrow.DuckDbOpener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFileCheckTest {
  static final long ROWS = 50_000;

  @TempDir static Path shared;
  static Path flights;
  /** The same rows in small row groups, so row group counting is tested on more than one. */
  static Path manyGroups;

  @TempDir Path dir;

  @BeforeAll
  static void generate() throws Exception {
    flights = shared.resolve("flights.parquet");
    FlightsDataset.generate(flights, ROWS, 42, GenerationProgress.NONE);
    manyGroups = shared.resolve("groups.parquet");
    try (Connection connection = DuckDbOpener.inMemory().openInMemory();
         Statement statement = connection.createStatement()) {
      statement.execute("COPY (SELECT * FROM '" + flights + "') TO '" + manyGroups
          + "' (FORMAT parquet, ROW_GROUP_SIZE 10240)");
    }
  }

  @Test
  void readsRowsColumnsAndTypesOfTheFlightsFile() throws Exception {
    ParquetFileReport report = ParquetFileCheck.read(flights);
    assertEquals(ROWS, report.rows());
    assertEquals(1, report.rowGroups());
    assertEquals(FlightsDataset.COLUMNS, report.columnNames());
    assertEquals(Files.size(flights), report.fileBytes());
    assertTrue(report.compressedBytes() > 0 && report.compressedBytes() < report.fileBytes());
    assertTrue(report.uncompressedBytes() > 0);
    assertTrue(report.createdBy().startsWith("DuckDB"), report.createdBy());
    // DuckDB's Parquet mapping of the documented DuckDB types
    assertEquals("INT32", column(report, "FL_DATE").physicalType());
    assertEquals("DATE", column(report, "FL_DATE").logicalType());
    for (String text : List.of("OP_CARRIER", "ORIGIN", "DEST")) {
      assertEquals("BYTE_ARRAY", column(report, text).physicalType(), text);
      assertTrue(List.of("UTF8", "STRING").contains(column(report, text).logicalType()), text);
    }
    for (String small : List.of("CRS_DEP_TIME", "DEP_TIME", "DEP_DELAY", "ARR_TIME", "ARR_DELAY", "AIR_TIME",
        "DISTANCE")) {
      assertEquals("INT32", column(report, small).physicalType(), small);
      assertTrue(List.of("INT_16", "INTEGER(16,signed)").contains(column(report, small).logicalType()), small);
    }
    assertEquals("INT32", column(report, "OP_CARRIER_FL_NUM").physicalType());
    assertEquals("BOOLEAN", column(report, "CANCELLED").physicalType());
    assertEquals("OPTIONAL", column(report, "DEP_DELAY").repetition());
  }

  @Test
  void countsRowGroupsAsDuckDbDoes() throws Exception {
    ParquetFileReport report = ParquetFileCheck.read(manyGroups);
    try (Connection connection = DuckDbOpener.inMemory().openInMemory();
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT count(DISTINCT row_group_id), sum(total_compressed_size),"
             + " sum(total_uncompressed_size) FROM parquet_metadata('" + manyGroups + "')")) {
      rs.next();
      assertTrue(rs.getInt(1) > 1, "the fixture must have several row groups");
      assertEquals(rs.getInt(1), report.rowGroups());
      assertEquals(rs.getLong(2), report.compressedBytes());
      assertEquals(rs.getLong(3), report.uncompressedBytes());
    }
    assertEquals(ROWS, report.rows());
  }

  @Test
  void fingerprintIdentifiesTheContent() throws Exception {
    Path copy = dir.resolve("copy.parquet");
    Files.copy(flights, copy);
    Path otherSeed = dir.resolve("other.parquet");
    FlightsDataset.generate(otherSeed, ROWS, 7, GenerationProgress.NONE);

    String fingerprint = ParquetFileCheck.read(flights).fingerprint();
    assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
    assertEquals(fingerprint, ParquetFileCheck.read(copy).fingerprint());
    assertNotEquals(fingerprint, ParquetFileCheck.read(otherSeed).fingerprint());
    assertNotEquals(fingerprint, ParquetFileCheck.read(manyGroups).fingerprint(), "same rows, other layout");
    assertEquals(fingerprint.substring(0, 16), ParquetFileCheck.read(flights).shortFingerprint());
  }

  @Test
  void textReportNamesEverything() throws Exception {
    ParquetFileReport report = ParquetFileCheck.read(flights);
    String text = report.toText();
    assertTrue(text.contains("50,000"), text);
    assertTrue(text.contains(report.shortFingerprint()), text);
    for (String column : FlightsDataset.COLUMNS) {
      assertTrue(text.contains(column), column);
    }
  }

  @Test
  void jsonReportParsesBackToTheSameFacts() throws Exception {
    ParquetFileReport report = ParquetFileCheck.read(manyGroups);
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertEquals(ROWS, json.get("rows").asLong());
    assertEquals(report.rowGroups(), json.get("rowGroups").asInt());
    assertEquals(report.fingerprint(), json.get("fingerprint").asText());
    assertEquals(13, json.get("columns").size());
    assertEquals("FL_DATE", json.get("columns").get(0).get("name").asText());
    assertEquals("DATE", json.get("columns").get(0).get("logicalType").asText());
  }

  @Test
  void truncatedFileIsReportedAsSuch() throws Exception {
    byte[] bytes = Files.readAllBytes(flights);
    Path truncated = dir.resolve("truncated.parquet");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    InvalidParquetFileException e = assertThrows(InvalidParquetFileException.class,
        () -> ParquetFileCheck.read(truncated));
    assertTrue(e.getMessage().contains("lacks the PAR1 magic at its end (file truncated?)"), e.getMessage());
  }

  @Test
  void nonParquetFileIsReportedAsSuch() throws Exception {
    Path csv = dir.resolve("flights.csv");
    Files.writeString(csv, "FL_DATE,OP_CARRIER\n2019-01-01,WN\n2019-01-02,DL\n");
    InvalidParquetFileException e = assertThrows(InvalidParquetFileException.class, () -> ParquetFileCheck.read(csv));
    assertTrue(e.getMessage().startsWith("not a Parquet file"), e.getMessage());
    assertTrue(e.getMessage().contains("PAR1 magic at its start"), e.getMessage());
  }

  @Test
  void emptyAndTinyFilesAreReportedAsSuch() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.parquet"));
    InvalidParquetFileException e = assertThrows(InvalidParquetFileException.class, () -> ParquetFileCheck.read(empty));
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());

    Path tiny = Files.write(dir.resolve("tiny.parquet"), "PAR1PAR1".getBytes(StandardCharsets.US_ASCII));
    e = assertThrows(InvalidParquetFileException.class, () -> ParquetFileCheck.read(tiny));
    assertTrue(e.getMessage().contains("has 8 bytes"), e.getMessage());
  }

  @Test
  void corruptFooterIsReportedAsSuch() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
    byte[] garbage = new byte[64];
    java.util.Arrays.fill(garbage, (byte) 0x7f);
    bytes.writeBytes(garbage);
    bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(32).array());
    bytes.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
    Path corrupt = Files.write(dir.resolve("corrupt.parquet"), bytes.toByteArray());
    InvalidParquetFileException e = assertThrows(InvalidParquetFileException.class,
        () -> ParquetFileCheck.read(corrupt));
    assertTrue(e.getMessage().startsWith("corrupt Parquet footer in"), e.getMessage());

    Path oversized = dir.resolve("oversized.parquet");
    byte[] lying = bytes.toByteArray();
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(lying.length - 8, 1_000_000);
    Files.write(oversized, lying);
    e = assertThrows(InvalidParquetFileException.class, () -> ParquetFileCheck.read(oversized));
    assertTrue(e.getMessage().contains("declares a footer of 1000000 bytes"), e.getMessage());
  }

  @Test
  void missingFileIsReportedAsSuch() {
    Path missing = dir.resolve("nowhere.parquet");
    InvalidParquetFileException e = assertThrows(InvalidParquetFileException.class,
        () -> ParquetFileCheck.read(missing));
    assertEquals("no such file: " + missing, e.getMessage());
  }

  private static ParquetColumn column(ParquetFileReport report, String name) {
    return report.columns().stream().filter(c -> c.path().equals(name)).findFirst().orElseThrow();
  }
}
