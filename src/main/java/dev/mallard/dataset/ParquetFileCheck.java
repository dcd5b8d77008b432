package dev.mallard.dataset;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.IntType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.TimeUnit;
import org.apache.parquet.format.Util;

/**
 * Reads a Parquet file's footer, and only the footer: no DuckDB, no Hadoop, a few kilobytes of
 * I/O however large the file. A Parquet file is {@code PAR1 <data> <footer> <footer length:
 * int32 LE> PAR1}.
 */
public final class ParquetFileCheck {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
  private static final int TAIL = 8;
  private static final int MINIMUM_SIZE = MAGIC.length + TAIL;

  private ParquetFileCheck() {}

  public static ParquetFileReport read(Path file) throws InvalidParquetFileException, IOException {
    byte[] footer;
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      if (size == 0) {
        throw new InvalidParquetFileException("not a Parquet file: " + file + " is empty");
      }
      if (size < MINIMUM_SIZE) {
        throw new InvalidParquetFileException("not a Parquet file: " + file + " has " + size
            + " bytes, fewer than the " + MINIMUM_SIZE + " every Parquet file has");
      }
      byte[] head = readAt(channel, 0, MAGIC.length);
      if (Arrays.equals(head, ENCRYPTED_MAGIC)) {
        throw new InvalidParquetFileException(file + " is an encrypted Parquet file, which is not supported");
      }
      if (!Arrays.equals(head, MAGIC)) {
        throw new InvalidParquetFileException("not a Parquet file: " + file + " lacks the PAR1 magic at its start");
      }
      ByteBuffer tail = ByteBuffer.wrap(readAt(channel, size - TAIL, TAIL)).order(ByteOrder.LITTLE_ENDIAN);
      byte[] tailMagic = new byte[MAGIC.length];
      tail.position(4).get(tailMagic);
      if (!Arrays.equals(tailMagic, MAGIC)) {
        throw new InvalidParquetFileException(
            "not a Parquet file: " + file + " lacks the PAR1 magic at its end (file truncated?)");
      }
      int footerLength = tail.getInt(0);
      if (footerLength <= 0 || footerLength > size - MINIMUM_SIZE) {
        throw new InvalidParquetFileException("corrupt Parquet file: " + file + " declares a footer of "
            + Integer.toUnsignedString(footerLength) + " bytes in a file of " + size + " bytes");
      }
      footer = readAt(channel, size - TAIL - footerLength, footerLength);
    } catch (NoSuchFileException e) {
      throw new InvalidParquetFileException("no such file: " + file, e);
    }
    FileMetaData metadata;
    try {
      metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
    } catch (IOException | RuntimeException e) {
      throw new InvalidParquetFileException("corrupt Parquet footer in " + file + ": " + e.getMessage(), e);
    }
    return report(file, size, metadata, footer);
  }

  private static ParquetFileReport report(Path file, long size, FileMetaData metadata, byte[] footer)
      throws InvalidParquetFileException {
    List<ParquetColumn> columns = new ArrayList<>();
    Iterator<SchemaElement> schema = metadata.getSchema().iterator();
    if (!schema.hasNext()) {
      throw new InvalidParquetFileException("corrupt Parquet footer in " + file + ": the schema is empty");
    }
    SchemaElement root = schema.next();
    for (int i = 0; i < root.getNum_children(); i++) {
      collectLeaves(schema, "", columns, file);
    }
    long compressed = 0;
    long uncompressed = 0;
    List<RowGroup> rowGroups = metadata.getRow_groups() == null ? List.of() : metadata.getRow_groups();
    for (RowGroup group : rowGroups) {
      for (ColumnChunk chunk : group.getColumns()) {
        ColumnMetaData meta = chunk.getMeta_data();
        if (meta != null) {
          compressed += meta.getTotal_compressed_size();
          uncompressed += meta.getTotal_uncompressed_size();
        }
      }
    }
    String createdBy = metadata.isSetCreated_by() ? metadata.getCreated_by() : "unknown";
    return new ParquetFileReport(file, size, metadata.getNum_rows(), rowGroups.size(), columns, compressed,
        uncompressed, createdBy, fingerprint(metadata.getNum_rows(), columns, footer));
  }

  /** Walks one subtree of the depth-first schema list, adding its leaves. */
  private static void collectLeaves(Iterator<SchemaElement> schema, String prefix, List<ParquetColumn> out, Path file)
      throws InvalidParquetFileException {
    if (!schema.hasNext()) {
      throw new InvalidParquetFileException("corrupt Parquet footer in " + file + ": the schema ends early");
    }
    SchemaElement element = schema.next();
    String path = prefix + element.getName();
    if (element.isSetNum_children() && element.getNum_children() > 0) {
      for (int i = 0; i < element.getNum_children(); i++) {
        collectLeaves(schema, path + ".", out, file);
      }
      return;
    }
    out.add(new ParquetColumn(
        path,
        element.isSetType() ? element.getType().name() : "-",
        logicalType(element),
        element.isSetRepetition_type() ? element.getRepetition_type().name() : "REQUIRED"));
  }

  static String logicalType(SchemaElement element) {
    if (element.isSetLogicalType()) {
      LogicalType type = element.getLogicalType();
      if (type.isSetINTEGER()) {
        IntType integer = type.getINTEGER();
        return "INTEGER(" + integer.getBitWidth() + "," + (integer.isIsSigned() ? "signed" : "unsigned") + ")";
      }
      if (type.isSetDECIMAL()) {
        return "DECIMAL(" + type.getDECIMAL().getPrecision() + "," + type.getDECIMAL().getScale() + ")";
      }
      if (type.isSetTIMESTAMP()) {
        return "TIMESTAMP(" + unit(type.getTIMESTAMP().getUnit()) + ","
            + (type.getTIMESTAMP().isIsAdjustedToUTC() ? "UTC" : "local") + ")";
      }
      if (type.isSetTIME()) {
        return "TIME(" + unit(type.getTIME().getUnit()) + "," + (type.getTIME().isIsAdjustedToUTC() ? "UTC" : "local")
            + ")";
      }
      return type.getSetField().getFieldName();
    }
    if (element.isSetConverted_type()) {
      return element.getConverted_type().name();
    }
    return "-";
  }

  private static String unit(TimeUnit unit) {
    return unit.getSetField().getFieldName();
  }

  private static String fingerprint(long rows, List<ParquetColumn> columns, byte[] footer) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha.update(("rows=" + rows + "\n").getBytes(StandardCharsets.UTF_8));
    for (ParquetColumn column : columns) {
      sha.update((column.path() + ":" + column.physicalType() + ":" + column.logicalType() + ":"
          + column.repetition() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    sha.update(footer);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("file ended while reading " + length + " bytes at offset " + position);
      }
    }
    return buffer.array();
  }
}
