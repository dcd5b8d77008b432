package dev.mallard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The committed JMH fixture as a Jackson tree, plus edits that derive other runs from it (slower,
 * other dataset, fewer benchmarks). Expected values in tests are read from this tree directly, not
 * through the code under test.
 */
public final class Fixtures {
  public static final String SAMPLE = "/jmh/mallard-sample.json";
  public static final String MACHINE = "/jmh/machine.json";
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Fixtures() {}

  public static ArrayNode sample() {
    try (InputStream in = Fixtures.class.getResourceAsStream(SAMPLE)) {
      return (ArrayNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path write(JsonNode tree, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), tree);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path copyResource(String resource, Path file) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Predicate<JsonNode> benchmark(String shortName, Map<String, String> params) {
    return e -> e.get("benchmark").asText().endsWith("." + shortName)
        && params.entrySet().stream().allMatch(p -> p.getValue().equals(e.path("params").path(p.getKey()).asText(null)));
  }

  public static List<ObjectNode> entries(ArrayNode run, Predicate<JsonNode> which) {
    List<ObjectNode> hits = new ArrayList<>();
    run.forEach(e -> {
      if (which.test(e)) {
        hits.add((ObjectNode) e);
      }
    });
    return hits;
  }

  public static ObjectNode only(ArrayNode run, Predicate<JsonNode> which) {
    List<ObjectNode> hits = entries(run, which);
    if (hits.size() != 1) {
      throw new IllegalStateException("expected one fixture entry, found " + hits.size());
    }
    return hits.get(0);
  }

  public static void remove(ArrayNode run, Predicate<JsonNode> which) {
    for (Iterator<JsonNode> it = run.elements(); it.hasNext(); ) {
      if (which.test(it.next())) {
        it.remove();
      }
    }
  }

  /** Multiplies every throughput (primary, rows, bytes) of matching entries by {@code factor}. */
  public static void scaleThroughput(ArrayNode run, Predicate<JsonNode> which, double factor) {
    for (ObjectNode e : entries(run, which)) {
      scaleMetric((ObjectNode) e.get("primaryMetric"), factor);
      for (String secondary : List.of("rows", "bytes")) {
        if (e.path("secondaryMetrics").has(secondary)) {
          scaleMetric((ObjectNode) e.get("secondaryMetrics").get(secondary), factor);
        }
      }
    }
  }

  private static void scaleMetric(ObjectNode metric, double factor) {
    metric.put("score", metric.get("score").asDouble() * factor);
    if (metric.get("scoreError").isNumber()) {
      metric.put("scoreError", metric.get("scoreError").asDouble() * factor);
    }
    ArrayNode confidence = (ArrayNode) metric.get("scoreConfidence");
    for (int i = 0; i < confidence.size(); i++) {
      if (confidence.get(i).isNumber()) {
        confidence.set(i, DoubleNode.valueOf(confidence.get(i).asDouble() * factor));
      }
    }
    ObjectNode percentiles = (ObjectNode) metric.get("scorePercentiles");
    percentiles.fieldNames().forEachRemaining(k -> percentiles.put(k, percentiles.get(k).asDouble() * factor));
    for (JsonNode fork : metric.get("rawData")) {
      ArrayNode values = (ArrayNode) fork;
      for (int i = 0; i < values.size(); i++) {
        values.set(i, DoubleNode.valueOf(values.get(i).asDouble() * factor));
      }
    }
  }

  /** Sets the primary metric's error to {@code fraction} of its score, interval centred on the score. */
  public static void setRelativeError(ArrayNode run, Predicate<JsonNode> which, double fraction) {
    for (ObjectNode e : entries(run, which)) {
      ObjectNode metric = (ObjectNode) e.get("primaryMetric");
      double score = metric.get("score").asDouble();
      metric.put("scoreError", score * fraction);
      ArrayNode confidence = metric.putArray("scoreConfidence");
      confidence.add(score * (1 - fraction)).add(score * (1 + fraction));
    }
  }

  public static void setParam(ArrayNode run, String name, String value) {
    run.forEach(e -> ((ObjectNode) e.get("params")).put(name, value));
  }

  public static void setFingerprint(ArrayNode run, String fingerprint) {
    run.forEach(e -> {
      ArrayNode args = (ArrayNode) e.get("jvmArgs");
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).asText().startsWith("-Dmallard.fingerprint=")) {
          args.set(i, TextNode.valueOf("-Dmallard.fingerprint=" + fingerprint));
        }
      }
    });
  }

  public static double primaryScore(JsonNode entry) {
    return entry.get("primaryMetric").get("score").asDouble();
  }

  public static double rowsScore(JsonNode entry) {
    return entry.get("secondaryMetrics").get("rows").get("score").asDouble();
  }
}
