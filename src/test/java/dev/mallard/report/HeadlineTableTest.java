package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlineTableTest {
  private static final Pattern ROW = Pattern.compile("\\| (\\S+) +\\| (\\S+) +\\| (\\S+) +\\|");

  @TempDir Path dir;

  private BenchmarkRun run(ArrayNode tree) {
    return JmhJsonReader.read(Fixtures.write(tree, dir.resolve("run-" + System.nanoTime() + ".json")));
  }

  /** The GET entry with the highest ops/s, found in the raw JSON. */
  private static JsonNode fastestGet(ArrayNode tree) {
    return Fixtures.entries(tree, Fixtures.benchmark(BenchmarkNames.GET, Map.of())).stream()
        .max(Comparator.comparingDouble(Fixtures::primaryScore)).orElseThrow();
  }

  private static Map<String, String> config(JsonNode entry) {
    return Map.of("batchSize", entry.get("params").get("batchSize").asText(),
        "allocator", entry.get("params").get("allocator").asText());
  }

  private static JsonNode at(ArrayNode tree, String benchmark, Map<String, String> config, String key, String value) {
    Map<String, String> params = new java.util.HashMap<>(config);
    if (key != null) {
      params.put(key, value);
    }
    return Fixtures.only(tree, Fixtures.benchmark(benchmark, params));
  }

  @Test
  void headlineHasTheExactFormatAndNumbersFromTheFastestGetConfiguration() {
    ArrayNode tree = Fixtures.sample();
    String markdown = HeadlineTable.of(run(tree), Optional.empty(), Optional.empty()).toMarkdown();
    List<String> lines = markdown.lines().toList();

    assertEquals(7, lines.size(), markdown);
    assertEquals("| Operation | Time (ms) | Throughput (rows/sec) |", lines.get(0));
    assertEquals("| --------- | --------- | --------------------- |", lines.get(1));
    for (int i = 0; i < 5; i++) {
      assertEquals(lines.get(0).length(), lines.get(i).length(), "columns line up: " + lines.get(i));
      for (int p = 0; p < lines.get(0).length(); p++) {
        if (lines.get(0).charAt(p) == '|') {
          assertEquals('|', lines.get(i).charAt(p), "pipe " + p + " of " + lines.get(i));
        }
      }
    }
    assertEquals("", lines.get(5));
    long rows = tree.get(0).get("params").get("rows").asLong();
    assertEquals("*" + new java.math.BigDecimal(rows).movePointLeft(6).stripTrailingZeros().toPlainString()
        + " million rows processed*", lines.get(6));
    assertEquals("*2.4 million rows processed*", lines.get(6), "the committed fixture has 2,400,000 rows");

    Map<String, String> config = config(fastestGet(tree));
    List<JsonNode> expected = List.of(at(tree, BenchmarkNames.GET, config, null, null),
        at(tree, BenchmarkNames.TRANSFER, config, "mode", "direct"),
        at(tree, BenchmarkNames.EXCHANGE, config, "exchanger", "my_streaming_exchanger"));
    List<String> operations = List.of("GET", "TRANSFER", "EXCHANGE");
    for (int i = 0; i < 3; i++) {
      Matcher m = ROW.matcher(lines.get(2 + i));
      assertTrue(m.matches(), lines.get(2 + i));
      assertEquals(operations.get(i), m.group(1));
      assertEquals(1000 / Fixtures.primaryScore(expected.get(i)), Double.parseDouble(m.group(2)), 0.005);
      assertTrue(m.group(2).matches("\\d+\\.\\d\\d"), "two decimals: " + m.group(2));
      assertTrue(m.group(3).matches("\\d{1,3}(,\\d{3})*"), "thousands separators: " + m.group(3));
      assertEquals(Math.round(Fixtures.rowsScore(expected.get(i))), Long.parseLong(m.group(3).replace(",", "")));
    }
  }

  @Test
  void formattingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      String markdown = HeadlineTable.of(run(Fixtures.sample()), Optional.empty(), Optional.empty()).toMarkdown();
      assertTrue(markdown.lines().skip(2).limit(3).allMatch(l -> ROW.matcher(l).matches()
          && l.split("\\|")[2].trim().matches("\\d+\\.\\d\\d") && !l.split("\\|")[3].contains(".")), markdown);
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void batchSizeAndAllocatorCanBeChosenAndTheLineUnderTheTableSaysSo() {
    ArrayNode tree = Fixtures.sample();
    Map<String, String> config = Map.of("batchSize", "8192", "allocator", "netty");
    HeadlineTable headline = HeadlineTable.of(run(tree), Optional.of("8192"), Optional.of("netty"));
    Matcher get = ROW.matcher(headline.toMarkdown().lines().toList().get(2));
    assertTrue(get.matches());
    assertEquals(1000 / Fixtures.primaryScore(at(tree, BenchmarkNames.GET, config, null, null)),
        Double.parseDouble(get.group(2)), 0.005);
    assertTrue(headline.configurationLine().startsWith("Measured at batch size 8,192 with the netty allocator (chosen"),
        headline.configurationLine());

    HeadlineTable onlyAllocator = HeadlineTable.of(run(tree), Optional.empty(), Optional.of("netty"));
    String expectedBatch = Fixtures.entries(tree, Fixtures.benchmark(BenchmarkNames.GET, Map.of("allocator", "netty")))
        .stream().max(Comparator.comparingDouble(Fixtures::primaryScore)).orElseThrow()
        .get("params").get("batchSize").asText();
    assertEquals(expectedBatch, onlyAllocator.batchSize());
  }

  @Test
  void defaultConfigurationLineNamesTheFastestGetConfiguration() {
    ArrayNode tree = Fixtures.sample();
    Map<String, String> config = config(fastestGet(tree));
    HeadlineTable headline = HeadlineTable.of(run(tree), Optional.empty(), Optional.empty());
    assertEquals(config.get("batchSize"), headline.batchSize());
    assertEquals(config.get("allocator"), headline.allocator());
    assertTrue(headline.configurationLine().contains("with the " + config.get("allocator") + " allocator (where GET is fastest)"),
        headline.configurationLine());
  }

  @Test
  void transferFallsBackToRelayAndExchangeToEchoWhenThePreferredVariantIsMissing() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.remove(tree, Fixtures.benchmark(BenchmarkNames.TRANSFER, Map.of("mode", "direct")));
    Fixtures.remove(tree, Fixtures.benchmark(BenchmarkNames.EXCHANGE, Map.of("exchanger", "my_streaming_exchanger")));
    HeadlineTable headline = HeadlineTable.of(run(tree), Optional.empty(), Optional.empty());
    Map<String, String> config = config(fastestGet(tree));
    Matcher transfer = ROW.matcher(headline.toMarkdown().lines().toList().get(3));
    assertTrue(transfer.matches());
    assertEquals(1000 / Fixtures.primaryScore(at(tree, BenchmarkNames.TRANSFER, config, "mode", "relay")),
        Double.parseDouble(transfer.group(2)), 0.005);
    assertTrue(headline.configurationLine().contains("TRANSFER with mode relay (no direct result)"), headline.configurationLine());
    assertTrue(headline.configurationLine().contains("EXCHANGE with exchanger echo (no my_streaming_exchanger result)"));
  }

  @Test
  void missingOperationShowsNotAvailableInsteadOfFailing() {
    ArrayNode tree = Fixtures.sample();
    Fixtures.remove(tree, Fixtures.benchmark(BenchmarkNames.EXCHANGE, Map.of()));
    String row = HeadlineTable.of(run(tree), Optional.empty(), Optional.empty()).toMarkdown().lines().toList().get(4);
    assertEquals("| EXCHANGE  | n/a       | n/a                   |", row);
  }

  @Test
  void aBatchSizeTheRunDoesNotHaveIsRefusedWithTheAvailableOnes() {
    BenchmarkInputException e = assertThrows(BenchmarkInputException.class,
        () -> HeadlineTable.of(run(Fixtures.sample()), Optional.of("4096"), Optional.empty()));
    assertTrue(e.getMessage().contains("batch size 4096") && e.getMessage().contains("batch size 65536/netty"), e.getMessage());
  }

  @Test
  void millionsAreWrittenWithoutTrailingZeros() {
    assertEquals("24", Formats.millions(24_000_000));
    assertEquals("2.4", Formats.millions(2_400_000));
    assertEquals("0.1", Formats.millions(100_000));
    assertEquals("1.234567", Formats.millions(1_234_567));
  }
}
