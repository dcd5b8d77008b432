package dev.mallard.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.arrow.DuckDbOpener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightsDatasetTest {
  static final long ROWS = 50_000;

  @TempDir Path dir;

  @Test
  void sameRowsAndSeedGiveByteIdenticalFiles() throws Exception {
    Path first = dir.resolve("a.parquet");
    Path second = dir.resolve("b.parquet");
    FlightsDataset.generate(first, ROWS, 42, GenerationProgress.NONE);
    FlightsDataset.generate(second, ROWS, 42, GenerationProgress.NONE);
    assertTrue(Files.size(first) > 100_000, "a 50k-row file is hundreds of kilobytes");
    assertEquals(-1, Files.mismatch(first, second), "same rows and seed must give identical bytes");
  }

  @Test
  void differentSeedGivesDifferentBytesAndRows() throws Exception {
    Path seed42 = dir.resolve("a.parquet");
    Path seed43 = dir.resolve("b.parquet");
    FlightsDataset.generate(seed42, ROWS, 42, GenerationProgress.NONE);
    FlightsDataset.generate(seed43, ROWS, 43, GenerationProgress.NONE);
    assertNotEquals(-1, Files.mismatch(seed42, seed43));
    try (Connection connection = DuckDbOpener.inMemory().openInMemory();
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT count(*) FROM (SELECT * FROM '" + seed42
             + "' EXCEPT ALL SELECT * FROM '" + seed43 + "')")) {
      rs.next();
      assertTrue(rs.getLong(1) > ROWS * 9 / 10, "another seed must give other rows, not a reshuffle of bytes");
    }
  }

  @Test
  void schemaIsExactlyTheDocumentedOne() throws Exception {
    Path file = dir.resolve("flights.parquet");
    FlightsDataset.generate(file, ROWS, 42, GenerationProgress.NONE);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("FL_DATE", "DATE");
    expected.put("OP_CARRIER", "VARCHAR");
    expected.put("OP_CARRIER_FL_NUM", "INTEGER");
    expected.put("ORIGIN", "VARCHAR");
    expected.put("DEST", "VARCHAR");
    expected.put("CRS_DEP_TIME", "SMALLINT");
    expected.put("DEP_TIME", "SMALLINT");
    expected.put("DEP_DELAY", "SMALLINT");
    expected.put("ARR_TIME", "SMALLINT");
    expected.put("ARR_DELAY", "SMALLINT");
    expected.put("AIR_TIME", "SMALLINT");
    expected.put("DISTANCE", "SMALLINT");
    expected.put("CANCELLED", "BOOLEAN");
    Map<String, String> described = new LinkedHashMap<>();
    try (Connection connection = DuckDbOpener.inMemory().openInMemory();
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM '" + file + "'")) {
      while (rs.next()) {
        described.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(described.entrySet()));
    assertEquals(List.copyOf(expected.keySet()), FlightsDataset.COLUMNS);
  }

  @Test
  void leavesOnlyTheFinishedFileInItsDirectory() throws Exception {
    Path file = dir.resolve("sub").resolve("flights.parquet");
    FlightsDataset.generate(file, 1_000, 42, GenerationProgress.NONE);
    try (Stream<Path> listing = Files.list(file.getParent())) {
      assertEquals(List.of(file), listing.toList());
    }
  }

  @Test
  void replacesAnExistingFile() throws Exception {
    Path file = dir.resolve("flights.parquet");
    Files.writeString(file, "old contents");
    FlightsDataset.generate(file, 1_000, 42, GenerationProgress.NONE);
    assertEquals(1_000, ParquetFileCheck.read(file).rows());
  }

  @Test
  void ensureGeneratesOnlyWhenTheFileIsMissing() throws Exception {
    Path file = dir.resolve("flights.parquet");
    assertTrue(FlightsDataset.ensure(file, 2_000, 42, GenerationProgress.NONE));
    assertEquals(2_000, ParquetFileCheck.read(file).rows());
    byte[] before = Files.readAllBytes(file);
    assertFalse(FlightsDataset.ensure(file, 5_000, 7, GenerationProgress.NONE));
    assertEquals(-1, java.util.Arrays.mismatch(before, Files.readAllBytes(file)), "an existing file is kept");
  }

  @Test
  void progressEndsAtTheRowCountAndNeverGoesBack() throws Exception {
    List<long[]> calls = new ArrayList<>();
    FlightsDataset.generate(dir.resolve("f.parquet"), ROWS, 42, (done, total) -> calls.add(new long[] {done, total}));
    assertFalse(calls.isEmpty());
    long[] last = calls.get(calls.size() - 1);
    assertEquals(ROWS, last[0]);
    assertEquals(ROWS, last[1]);
    for (int i = 1; i < calls.size(); i++) {
      assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "progress went backwards at call " + i);
    }
  }

  @Test
  void anyLongIsASeed() throws Exception {
    Path min = dir.resolve("min.parquet");
    Path max = dir.resolve("max.parquet");
    FlightsDataset.generate(min, 1_000, Long.MIN_VALUE, GenerationProgress.NONE);
    FlightsDataset.generate(max, 1_000, Long.MAX_VALUE, GenerationProgress.NONE);
    assertNotEquals(-1, Files.mismatch(min, max));
  }

  @Test
  void rejectsRowCountsOutOfRange() {
    for (long rows : new long[] {0, -1, FlightsDataset.MAX_ROWS + 1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> FlightsDataset.generate(dir.resolve("x.parquet"), rows, 42, GenerationProgress.NONE));
      assertTrue(e.getMessage().contains("rows must be between 1 and"), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("x.parquet")));
  }

  @Test
  void queryHasEveryPlaceholderFilled() {
    String sql = FlightsDataset.query(123, -9);
    assertFalse(sql.contains("{{"));
    assertTrue(sql.contains("// 123)"), "the row count spreads the dates");
    assertTrue(sql.contains("CAST(-9 AS BIGINT)"), "the seed reaches the hashes");
  }

}
