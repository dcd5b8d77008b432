package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.testing.LocalDuckDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPC streams whose dictionary changes mid-stream, written message by message as Arrow C++
 * (pyarrow) writes them: a replacement dictionary, and a delta that appends to the one before.
 * Arrow Java's {@code ArrowStreamReader} reads both right; these check what Mallard does with
 * such a reader: exchangers' decoding, and ingest into DuckDB through the C Data interface.
 */
class DictionaryStreamsTest {
  private static final long ID = 3;
  /** a, b, NULL | delta c | replaced by x, y: with the rows' indices, what each row must read. */
  private static final List<String> EXPECTED = Arrays.asList("a", "b", null, null, "c", "a", "y", "x", null);

  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    assertEquals(0, allocator.getAllocatedMemory(), allocator::toVerboseString);
    allocator.close();
  }

  @Test
  void decoderGivesEveryBatchTheDictionaryItCameWith() throws Exception {
    for (int width : new int[] {8, 16, 32, 64}) {
      List<String> decoded = new ArrayList<>();
      try (ArrowStreamReader reader = reader(changingDictionaryStream(width));
          DictionaryDecoder decoder = new DictionaryDecoder(reader.getVectorSchemaRoot().getSchema(), reader,
              allocator)) {
        Field v = decoder.decodedSchema().findField("v");
        assertNull(v.getDictionary());
        assertEquals(new ArrowType.Utf8(), v.getType());
        while (reader.loadNextBatch()) {
          VectorSchemaRoot batch = decoder.decode(reader.getVectorSchemaRoot());
          VarCharVector values = (VarCharVector) batch.getVector("v");
          BigIntVector ids = (BigIntVector) batch.getVector("id");
          for (int i = 0; i < batch.getRowCount(); i++) {
            assertEquals(decoded.size(), ids.get(i), "plain columns pass through unchanged");
            decoded.add(values.isNull(i) ? null : new String(values.get(i), StandardCharsets.UTF_8));
          }
        }
      }
      assertEquals(EXPECTED, decoded, "index width " + width);
    }
  }

  @Test
  void ingestThroughCDataReadsReplacedAndDeltaDictionaries() throws Exception {
    for (int width : new int[] {8, 16, 32, 64}) {
      try (LocalDuckDb duckdb = new LocalDuckDb()) {
        long rows = TableIngest.ingest(duckdb.connection(), allocator, reader(changingDictionaryStream(width)), "t",
            PutMode.CREATE);
        assertEquals(EXPECTED.size(), rows);
        List<String> landed = new ArrayList<>();
        try (Statement statement = duckdb.connection().createStatement();
            ResultSet rs = statement.executeQuery("SELECT v, typeof(v) FROM t ORDER BY id")) {
          while (rs.next()) {
            landed.add(rs.getString(1));
            assertEquals("VARCHAR", rs.getString(2));
          }
        }
        assertEquals(EXPECTED, landed, "index width " + width);
      }
    }
  }

  @Test
  void anIndexOutsideItsDictionaryIsRefused() throws Exception {
    try (ArrowStreamReader reader = reader(changingDictionaryStream(32));
        DictionaryDecoder decoder = new DictionaryDecoder(reader.getVectorSchemaRoot().getSchema(), reader,
            allocator)) {
      assertTrue(reader.loadNextBatch());
      ((BaseIntVector) reader.getVectorSchemaRoot().getVector("v")).setWithPossibleTruncate(1, 3);
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> decoder.decode(reader.getVectorSchemaRoot()));
      assertTrue(refused.getMessage().contains("index 3 but its dictionary holds 3 values"), refused.getMessage());
    }
  }

  private ArrowStreamReader reader(byte[] stream) {
    return new ArrowStreamReader(new ByteArrayInputStream(stream), allocator);
  }

  /** Schema; dictionary [a, b, NULL]; batch; delta [c]; batch; replacement [x, y]; batch. */
  private byte[] changingDictionaryStream(int width) throws Exception {
    ArrowType.Int indexType = new ArrowType.Int(width, true);
    Field v = new Field("v", new FieldType(true, new ArrowType.Utf8(), new DictionaryEncoding(ID, false, indexType)),
        null);
    Schema messageSchema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)), v));
    Schema memorySchema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
        new Field("v", new FieldType(true, indexType, v.getDictionary()), null)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WriteChannel out = new WriteChannel(Channels.newChannel(bytes));
    IpcOption option = IpcOption.DEFAULT;
    MessageSerializer.serialize(out, messageSchema, option);
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(memorySchema, allocator)) {
      writeDictionary(out, false, "a", "b", null);
      writeBatch(out, batch, 0, 0, 1, 2, null);
      writeDictionary(out, true, "c");
      writeBatch(out, batch, 4, 3, 0);
      writeDictionary(out, false, "x", "y");
      writeBatch(out, batch, 6, 1, 0, null);
    }
    ArrowStreamWriter.writeEndOfStream(out, option);
    return bytes.toByteArray();
  }

  private void writeDictionary(WriteChannel out, boolean delta, String... values) throws Exception {
    try (VarCharVector vector = new VarCharVector("v", allocator)) {
      vector.allocateNew();
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          vector.setNull(i);
        } else {
          vector.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
        }
      }
      vector.setValueCount(values.length);
      VectorSchemaRoot view = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), values.length);
      try (ArrowDictionaryBatch batch = new ArrowDictionaryBatch(ID, new VectorUnloader(view).getRecordBatch(), delta)) {
        MessageSerializer.serialize(out, batch, IpcOption.DEFAULT);
      }
    }
  }

  private static void writeBatch(WriteChannel out, VectorSchemaRoot root, long firstId, Integer... indices)
      throws Exception {
    root.allocateNew();
    BigIntVector ids = (BigIntVector) root.getVector("id");
    FieldVector v = root.getVector("v");
    for (int i = 0; i < indices.length; i++) {
      ids.setSafe(i, firstId + i);
      if (indices[i] == null) {
        v.setNull(i);
      } else {
        ((BaseIntVector) v).setWithPossibleTruncate(i, indices[i]);
      }
    }
    root.setRowCount(indices.length);
    try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
      MessageSerializer.serialize(out, batch, IpcOption.DEFAULT);
    }
  }
}
