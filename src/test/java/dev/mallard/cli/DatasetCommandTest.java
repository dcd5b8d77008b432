package dev.mallard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mallard.dataset.ParquetFileCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new DatasetCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Path generated(String name, long rows) {
    Path file = dir.resolve(name);
    Run run = run("generate", "--rows", Long.toString(rows), "--seed", "42", "--out", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    return file;
  }

  @Test
  void generateWritesTheFileAndSaysSo() throws Exception {
    Path file = dir.resolve("flights.parquet");
    Run run = run("generate", "--rows", "5000", "--out", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(5_000, ParquetFileCheck.read(file).rows());
    assertTrue(run.out().contains("5,000 rows"), run.out());
    assertTrue(run.out().contains(ParquetFileCheck.read(file).shortFingerprint()), run.out());
  }

  @Test
  void generateKeepsAnExistingFileUnlessForced() throws Exception {
    Path file = generated("flights.parquet", 2_000);
    byte[] first = Files.readAllBytes(file);

    Run kept = run("generate", "--rows", "3000", "--out", file.toString());
    assertEquals(0, kept.exitCode());
    assertTrue(kept.err().contains("kept; --force regenerates it"), kept.err());
    assertEquals(-1, Arrays.mismatch(first, Files.readAllBytes(file)));

    Run forced = run("generate", "--rows", "3000", "--out", file.toString(), "--force");
    assertEquals(0, forced.exitCode(), forced.err());
    assertEquals(3_000, ParquetFileCheck.read(file).rows());
  }

  @Test
  void generateRefusesToKeepABrokenFile() throws Exception {
    Path file = Files.writeString(dir.resolve("flights.parquet"), "not parquet");
    Run run = run("generate", "--rows", "1000", "--out", file.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("error: not a Parquet file"), run.err());
    assertTrue(run.err().contains("--force replaces it"), run.err());
  }

  @Test
  void generateRejectsBadArguments() {
    Run zero = run("generate", "--rows", "0", "--out", dir.resolve("x.parquet").toString());
    assertEquals(2, zero.exitCode());
    assertTrue(zero.err().startsWith("error: --rows must be between 1 and"), zero.err());
    assertEquals(2, run("generate", "--rows", "many").exitCode());
    assertFalse(Files.exists(dir.resolve("x.parquet")));
  }

  @Test
  void checkPrintsTheReport() {
    Path file = generated("flights.parquet", 4_000);
    Run run = run("check", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("rows:         4,000"), run.out());
    assertTrue(run.out().contains("ARR_DELAY"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void checkPrintsJsonOnRequest() throws Exception {
    Path file = generated("flights.parquet", 4_000);
    Run run = run("check", file.toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(4_000, new ObjectMapper().readTree(run.out()).get("rows").asLong());
  }

  @Test
  void checkFailsWithOneLineOnBadFiles() throws Exception {
    Path good = generated("flights.parquet", 4_000);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length - 100));
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    Path empty = Files.createFile(dir.resolve("empty.parquet"));
    for (Path bad : new Path[] {truncated, text, empty, dir.resolve("missing.parquet"), dir}) {
      Run run = run("check", bad.toString());
      assertEquals(2, run.exitCode(), bad + ": " + run.err());
      assertTrue(run.err().startsWith("error: "), run.err());
      assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
      assertEquals("", run.out());
    }
  }
}
