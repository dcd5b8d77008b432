package dev.mallard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mallard.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH {@code -rf json} output. Lenient about fields (any of them may be missing except the
 * benchmark name and primary score), strict about shape: a file that is not a JSON array of
 * benchmark results is refused with a message saying what was found instead.
 */
public final class JmhJsonReader {
  private static final ObjectMapper MAPPER = WireJson.MAPPER;

  private JmhJsonReader() {}

  public static BenchmarkRun read(Path file) {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      throw new BenchmarkInputException(file + ": no such file");
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new BenchmarkInputException(file + " is not valid JSON (" + e.getOriginalMessage() + where
          + "); was the benchmark run interrupted while writing it?", e);
    } catch (IOException e) {
      throw new BenchmarkInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new BenchmarkRun(file, parse(root, file.toString()));
  }

  /**
   * Several result files of one sitting as one run, e.g. the default profile's headline and ceilings,
   * which JMH ran apart so that each gets its own forks and operations. A configuration measured in two
   * of them is refused: which of the two the report should show is not ours to guess.
   */
  public static BenchmarkRun read(List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no result files");
    }
    if (files.size() == 1) {
      return read(files.get(0));
    }
    Map<String, Path> seen = new HashMap<>();
    List<JmhResult> results = new ArrayList<>();
    for (Path file : files) {
      for (JmhResult result : read(file).results()) {
        Path earlier = seen.putIfAbsent(result.key(), file);
        if (earlier != null) {
          throw new BenchmarkInputException(result.key() + (earlier.equals(file) ? " is in " + file + " twice"
              : " is in both " + earlier + " and " + file) + "; give each configuration in one file only");
        }
        results.add(result);
      }
    }
    return new BenchmarkRun(files, results);
  }

  static List<JmhResult> parse(JsonNode root, String source) {
    String notJmh = source + " is not JMH result output (expected the JSON array written by `-rf json`, ";
    if (root == null || root.isMissingNode()) {
      throw new BenchmarkInputException(source + " is empty: expected the JSON array written by JMH `-rf json`");
    }
    if (!root.isArray()) {
      throw new BenchmarkInputException(notJmh + "found a JSON " + root.getNodeType().name().toLowerCase() + ")");
    }
    if (root.isEmpty()) {
      throw new BenchmarkInputException(source + " holds no benchmark results (an empty JMH run?)");
    }
    List<JmhResult> results = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode entry = root.get(i);
      String where = "entry " + (i + 1);
      if (!entry.isObject() || !entry.path("benchmark").isTextual() || !entry.path("primaryMetric").isObject()) {
        throw new BenchmarkInputException(notJmh + where + " has no \"benchmark\" name and \"primaryMetric\")");
      }
      results.add(result(entry, source + " " + where + " (" + entry.get("benchmark").asText() + ")"));
    }
    return results;
  }

  private static JmhResult result(JsonNode e, String where) {
    Map<String, String> params = new LinkedHashMap<>();
    e.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
    Map<String, Metric> secondaries = new LinkedHashMap<>();
    e.path("secondaryMetrics").fields().forEachRemaining(
        f -> secondaries.put(f.getKey(), metric(f.getValue(), where + " secondary metric " + f.getKey())));
    List<String> jvmArgs = new ArrayList<>();
    e.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
    return new JmhResult(text(e, "jmhVersion"), e.get("benchmark").asText(), text(e, "mode"),
        integer(e, "threads"), integer(e, "forks"), text(e, "jvm"), jvmArgs, text(e, "jdkVersion"),
        text(e, "vmName"), text(e, "vmVersion"), integer(e, "warmupIterations"), text(e, "warmupTime"),
        integer(e, "measurementIterations"), text(e, "measurementTime"), params,
        metric(e.get("primaryMetric"), where + " primaryMetric"), secondaries);
  }

  private static Metric metric(JsonNode m, String where) {
    if (!m.isObject() || m.path("score").isMissingNode() || m.path("score").isNull()) {
      throw new BenchmarkInputException(where + " has no score: not a complete JMH result");
    }
    double score = number(m.get("score"), where + " score");
    double error = m.has("scoreError") ? number(m.get("scoreError"), where + " scoreError") : Double.NaN;
    JsonNode confidence = m.path("scoreConfidence");
    double low = Double.NaN;
    double high = Double.NaN;
    if (confidence.isArray() && confidence.size() == 2) {
      low = number(confidence.get(0), where + " scoreConfidence");
      high = number(confidence.get(1), where + " scoreConfidence");
    } else if (Double.isFinite(error)) {
      low = score - error;
      high = score + error;
    }
    Map<String, Double> percentiles = new LinkedHashMap<>();
    m.path("scorePercentiles").fields().forEachRemaining(
        f -> percentiles.put(f.getKey(), number(f.getValue(), where + " percentile " + f.getKey())));
    List<List<Double>> raw = new ArrayList<>();
    for (JsonNode fork : m.path("rawData")) {
      List<Double> values = new ArrayList<>();
      fork.forEach(v -> values.add(number(v, where + " rawData")));
      raw.add(values);
    }
    // SampleTime: per fork, per iteration, [value, count] pairs
    List<List<Double>> histogram = new ArrayList<>();
    for (JsonNode fork : m.path("rawDataHistogram")) {
      List<Double> values = new ArrayList<>();
      for (JsonNode iteration : fork) {
        for (JsonNode pair : iteration) {
          double value = number(pair.path(0), where + " rawDataHistogram");
          long count = (long) number(pair.path(1), where + " rawDataHistogram");
          for (long c = 0; c < count; c++) {
            values.add(value);
          }
        }
      }
      histogram.add(values);
    }
    return new Metric(score, error, low, high, percentiles, text(m, "scoreUnit"), raw, histogram);
  }

  /** JMH writes non-finite doubles as the strings "NaN", "+INF" and "-INF". */
  private static double number(JsonNode n, String where) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      switch (n.asText()) {
        case "NaN": return Double.NaN;
        case "+INF": case "Infinity": return Double.POSITIVE_INFINITY;
        case "-INF": case "-Infinity": return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(n.asText());
          } catch (NumberFormatException ignored) {
            // fall through to the error below
          }
      }
    }
    throw new BenchmarkInputException(where + ": expected a number, found " + n);
  }

  private static String text(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Integer integer(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n != null && n.canConvertToInt() ? n.intValue() : null;
  }
}
