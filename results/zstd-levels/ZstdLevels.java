import dev.mallard.arrow.DuckDbOpener;
import dev.mallard.arrow.QueryExport;
import java.sql.Connection;
import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/** Compression rate and ratio of Arrow's ZSTD codec at several levels, over the flights batches. */
public class ZstdLevels {
  public static void main(String[] args) throws Exception {
    String file = args[0];
    int[] levels = {3, 1, -1, -3};
    try (BufferAllocator allocator = new RootAllocator();
         DuckDBConnection c = (DuckDBConnection) DuckDbOpener.inMemory().open()) {
      for (int round = 0; round < 2; round++) {
        for (int level : levels) {
          ZstdCompressionCodec codec = new ZstdCompressionCodec(level);
          long in = 0, out = 0, nanos = 0, dnanos = 0;
          try (QueryExport export = QueryExport.open(c, "SELECT * FROM read_parquet('" + file + "')", allocator, 122880)) {
            ArrowReader reader = export.reader();
            while (reader.loadNextBatch()) {
              VectorSchemaRoot root = reader.getVectorSchemaRoot();
              for (FieldVector v : root.getFieldVectors()) {
                for (ArrowBuf b : v.getFieldBuffers()) {
                  if (b.writerIndex() == 0) continue;
                  b.getReferenceManager().retain();
                  long size = b.writerIndex();
                  long t0 = System.nanoTime();
                  ArrowBuf z = codec.compress(allocator, b);
                  long t1 = System.nanoTime();
                  in += size; out += z.writerIndex(); nanos += t1 - t0;
                  ArrowBuf back = codec.decompress(allocator, z);
                  dnanos += System.nanoTime() - t1;
                  back.close();
                }
              }
            }
          }
          if (round == 1) System.out.printf("level %d: ratio %.2f, compress %.0f MB/s, decompress %.0f MB/s (one core)%n",
              level, (double) in / out, in / (nanos / 1e3), in / (dnanos / 1e3));
        }
      }
    }
  }
}
