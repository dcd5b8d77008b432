package dev.mallard.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mallard.wire.WireJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What a Parquet footer says about its file.
 *
 * @param fingerprint hex SHA-256 over row count, schema and footer bytes: equal fingerprints mean
 *     the same data layout and statistics, so results measured on the two files are comparable
 */
public record ParquetFileReport(
    Path file,
    long fileBytes,
    long rows,
    int rowGroups,
    List<ParquetColumn> columns,
    long compressedBytes,
    long uncompressedBytes,
    String createdBy,
    String fingerprint) {

  private static final ObjectMapper JSON = WireJson.MAPPER;
  private static final int SHORT_FINGERPRINT = 16;

  public ParquetFileReport {
    columns = List.copyOf(columns);
  }

  /** The first 16 hex digits, for display and result labels. */
  public String shortFingerprint() {
    return fingerprint.substring(0, SHORT_FINGERPRINT);
  }

  public List<String> columnNames() {
    return columns.stream().map(ParquetColumn::path).toList();
  }

  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append("file:         ").append(file).append('\n');
    text.append("rows:         ").append(String.format("%,d", rows)).append('\n');
    text.append("row groups:   ").append(rowGroups).append('\n');
    text.append("size:         ").append(String.format("%,d bytes on disk, %,d compressed, %,d uncompressed",
        fileBytes, compressedBytes, uncompressedBytes)).append('\n');
    text.append("created by:   ").append(createdBy).append('\n');
    text.append("fingerprint:  ").append(shortFingerprint()).append(" (sha256 ").append(fingerprint).append(")\n");
    text.append("columns:      ").append(columns.size()).append('\n');
    int width = columns.stream().mapToInt(c -> c.path().length()).max().orElse(0);
    for (ParquetColumn column : columns) {
      text.append(String.format("  %-" + width + "s  %-20s  %-22s  %s%n",
          column.path(), column.physicalType(), column.logicalType(), column.repetition()));
    }
    return text.toString();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", file.toString());
    root.put("fileBytes", fileBytes);
    root.put("rows", rows);
    root.put("rowGroups", rowGroups);
    root.put("compressedBytes", compressedBytes);
    root.put("uncompressedBytes", uncompressedBytes);
    root.put("createdBy", createdBy);
    root.put("fingerprint", fingerprint);
    root.put("shortFingerprint", shortFingerprint());
    ArrayNode list = root.putArray("columns");
    for (ParquetColumn column : columns) {
      list.addObject()
          .put("name", column.path())
          .put("physicalType", column.physicalType())
          .put("logicalType", column.logicalType())
          .put("repetition", column.repetition());
    }
    return WireJson.pretty(root);
  }
}
