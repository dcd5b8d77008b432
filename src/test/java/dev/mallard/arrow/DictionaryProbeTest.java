package dev.mallard.arrow;

import dev.mallard.testing.DictionaryColumnReader;
import dev.mallard.testing.DictionaryColumnReader.Batch;
import dev.mallard.testing.LocalDuckDb;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class DictionaryProbeTest {
  @Test
  void probe() throws Exception {
    for (int width : new int[] {8, 16, 32, 64}) {
      try (BufferAllocator allocator = new RootAllocator(); LocalDuckDb local = new LocalDuckDb()) {
        DictionaryColumnReader reader = new DictionaryColumnReader(allocator, new ArrowType.Int(width, true), List.of(
            Batch.of(new String[] {"a", "b", null}, 0, 1, null, 2),
            Batch.of(new String[] {"x", "y", "z", "w"}, 3, 2, 1, 0, null),
            Batch.of(new String[] {"b", "a"}, 0, 1)));
        long rows = TableIngest.ingest(local.connection(), allocator, reader, "t", PutMode.CREATE);
        System.out.println("width " + width + " rows " + rows);
        try (Statement s = local.connection().createStatement();
            ResultSet rs = s.executeQuery("SELECT id, v, typeof(v) FROM t ORDER BY id")) {
          while (rs.next()) {
            System.out.println(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
          }
        }
        System.out.println("expected " + reader.expectedValues());
      }
    }
  }
}
