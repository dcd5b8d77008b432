package dev.mallard.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.wire.WireJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The machine a benchmark ran on. Read from {@code machine.json} beside the result file when the
 * benchmark script wrote one, otherwise detected on the machine writing the report (and the report
 * says so, since that may not be the machine that ran the benchmarks).
 *
 * <p>{@code machine.json} is a JSON object with these keys, all optional:
 * <pre>{@code
 * {
 *   "cpu": "AMD EPYC 7B13 64-Core Processor",   // CPU model name
 *   "cores": 8,                                 // logical CPUs available to the benchmark JVM
 *   "memoryBytes": 33664700416,                 // physical memory in bytes
 *   "os": "Debian GNU/Linux 12 (bookworm), Linux 6.1.0-21 (amd64)",
 *   "jdk": "Eclipse Adoptium 17.0.15+6",
 *   "duckdb": "v1.3.2 (duckdb_jdbc 2.0.0.1)",
 *   "arrow": "18.3.0",
 *   "link": "servers=10gbit,client=1gbit"       // ./run-bench.sh --link: the shaped links, or "none" (loopback)
 * }
 * }</pre>
 * {@link #toJson()} writes exactly this shape; {@code mallard machine-info} prints it.
 *
 * @param link the network between servers and client ({@code links.sh} SPEC); null when not recorded
 * @param source where the values came from, for the report: the file or "detected at report time"
 */
public record MachineInfo(
    String cpu, Integer cores, Long memoryBytes, String os, String jdk, String duckdb, String arrow, String link,
    String source) {

  public static final String FILE_NAME = "machine.json";
  private static final ObjectMapper MAPPER = WireJson.MAPPER;

  /** {@code machine.json} next to the result file if present, else this machine. */
  public static MachineInfo forResult(Path resultFile) {
    Path beside = resultFile.toAbsolutePath().resolveSibling(FILE_NAME);
    return Files.isRegularFile(beside) ? read(beside) : detect();
  }

  public static MachineInfo read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new BenchmarkInputException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BenchmarkInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BenchmarkInputException(file + " must be a JSON object with keys cpu, cores, memoryBytes, os, jdk, duckdb, arrow");
    }
    return new MachineInfo(text(root, "cpu"), root.path("cores").canConvertToInt() ? root.get("cores").intValue() : null,
        root.path("memoryBytes").canConvertToLong() ? root.get("memoryBytes").longValue() : null,
        text(root, "os"), text(root, "jdk"), text(root, "duckdb"), text(root, "arrow"), text(root, "link"), file.getFileName().toString());
  }

  private static String text(JsonNode root, String key) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  public static MachineInfo detect() {
    return new MachineInfo(cpuModel(), Runtime.getRuntime().availableProcessors(), memoryBytesOrNull(),
        operatingSystem(), System.getProperty("java.vendor") + " " + Runtime.version(), duckdbVersion(),
        arrowVersion(), null, "detected at report time");
  }

  /** The same machine with the links the benchmarks ran over recorded. */
  public MachineInfo withLink(String link) {
    return new MachineInfo(cpu, cores, memoryBytes, os, jdk, duckdb, arrow, link, source);
  }

  public String toJson() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("cpu", cpu);
    node.put("cores", cores);
    node.put("memoryBytes", memoryBytes);
    node.put("os", os);
    node.put("jdk", jdk);
    node.put("duckdb", duckdb);
    node.put("arrow", arrow);
    if (link != null) {
      node.put("link", link);
    }
    return WireJson.pretty(node) + "\n";
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      Optional<String> model = lines.filter(l -> l.startsWith("model name") || l.startsWith("Model"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
      if (model.isPresent()) {
        return model.get();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through to the architecture
    }
    return System.getProperty("os.arch");
  }

  private static Long memoryBytesOrNull() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return null;
  }

  private static String operatingSystem() {
    String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    try (Stream<String> lines = Files.lines(Path.of("/etc/os-release"))) {
      return lines.filter(l -> l.startsWith("PRETTY_NAME=")).findFirst()
          .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "") + ", " + kernel).orElse(kernel);
    } catch (IOException | RuntimeException e) {
      return kernel;
    }
  }

  /** The engine version (what matters for speed) and the JDBC driver artifact version. */
  static String duckdbVersion() {
    String driver = implementationVersion(org.duckdb.DuckDBDriver.class, "Bundle-Version");
    String engine = null;
    try (Connection c = DuckDbOpener.inMemory().openInMemory();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT library_version FROM pragma_version()")) {
      engine = rs.next() ? rs.getString(1) : null;
    } catch (Exception | LinkageError e) {
      // no native library for this platform: the driver version alone still identifies the build
    }
    if (engine == null) {
      return driver == null ? null : "duckdb_jdbc " + driver;
    }
    return driver == null ? engine : engine + " (duckdb_jdbc " + driver + ")";
  }

  static String arrowVersion() {
    return implementationVersion(org.apache.arrow.vector.VectorSchemaRoot.class, "Bundle-Version");
  }

  /** The package's Implementation-Version, else the given attribute of the manifest of its jar. */
  private static String implementationVersion(Class<?> type, String fallbackAttribute) {
    String version = type.getPackage().getImplementationVersion();
    if (version != null) {
      return version;
    }
    try {
      URL location = type.getProtectionDomain().getCodeSource().getLocation();
      try (InputStream in = location.openStream(); JarInputStream jar = new JarInputStream(in)) {
        Manifest manifest = jar.getManifest();
        return manifest == null ? null : manifest.getMainAttributes().getValue(fallbackAttribute);
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Label/value pairs for the report, "unknown" where nothing was recorded. */
  List<String[]> describe() {
    List<String[]> items = new ArrayList<>(List.of(
        new String[] {"CPU", orUnknown(cpu)},
        new String[] {"Cores", cores == null ? "unknown" : cores.toString()},
        new String[] {"Memory", memoryBytes == null ? "unknown" : Formats.groupedTwoDecimals(memoryBytes / 1073741824.0) + " GiB"},
        new String[] {"OS", orUnknown(os)},
        new String[] {"JDK", orUnknown(jdk)},
        new String[] {"DuckDB", orUnknown(duckdb)},
        new String[] {"Arrow", orUnknown(arrow)}));
    if (link != null) {
      items.add(new String[] {"Network", linkDescription(link)});
    }
    return items;
  }

  private static String linkDescription(String link) {
    if (link.isBlank() || link.equals("none")) {
      return "loopback (servers and client in one network namespace)";
    }
    return link + " (network namespaces joined by veth links, tbf-shaped both ways: servers = server 1 to server 2,"
        + " client = the client to each server; no added delay)";
  }

  private static String orUnknown(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }
}
