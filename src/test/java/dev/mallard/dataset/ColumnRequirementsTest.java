package dev.mallard.dataset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnRequirementsTest {
  static final Schema PARTIAL = new Schema(List.of(
      Field.nullable("FL_DATE", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)),
      Field.nullable("ORIGIN", ArrowType.Utf8.INSTANCE),
      Field.nullable("DEP_DELAY", new ArrowType.Int(16, true))));

  @TempDir Path dir;

  @Test
  void namesTheMissingColumnsInRequestedOrder() {
    assertEquals(List.of("ARR_DELAY", "CANCELLED"),
        ColumnRequirements.missing(PARTIAL, List.of("ARR_DELAY", "ORIGIN", "CANCELLED", "ARR_DELAY")));
    assertEquals(List.of(), ColumnRequirements.missing(PARTIAL, List.of("ORIGIN", "DEP_DELAY")));
  }

  @Test
  void matchesNamesExactlyAsArrowDoes() {
    assertEquals(List.of("origin"), ColumnRequirements.missing(PARTIAL, List.of("origin")));
  }

  @Test
  void failureMessageSaysWhatLacksWhatForWhom() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ColumnRequirements.require(PARTIAL, List.of("ORIGIN", "ARR_DELAY", "CANCELLED"), "flights file x.parquet",
            "exchanger delay_histogram"));
    assertEquals("flights file x.parquet lacks columns ARR_DELAY, CANCELLED needed by exchanger delay_histogram",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ColumnRequirements.require(PARTIAL, List.of("DEST"), "stream", "the demo"));
    assertEquals("stream lacks column DEST needed by the demo", e.getMessage());
  }

  @Test
  void generatedFileHasEveryColumnAndADifferentFileDoesNot() throws Exception {
    Path file = dir.resolve("flights.parquet");
    FlightsDataset.generate(file, 1_000, 42, GenerationProgress.NONE);
    ParquetFileReport report = ParquetFileCheck.read(file);
    assertDoesNotThrow(() -> ColumnRequirements.require(report, FlightsDataset.COLUMNS, "the benchmark"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ColumnRequirements.require(report, List.of("TAIL_NUM"), "the demo"));
    assertEquals("flights file " + file + " lacks column TAIL_NUM needed by the demo", e.getMessage());
  }
}
