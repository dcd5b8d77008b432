package dev.mallard.testing;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;

/**
 * One GET from a server given on the command line, run in a JVM of its own so that it can sit in
 * another network namespace than the test ({@code LinksScriptTest}). Prints {@code rows=N bytes=B sum=S}.
 */
public final class GetProbe {
  private GetProbe() {}

  public static void main(String[] args) throws Exception {
    long sum = 0;
    StreamStats stats;
    try (BufferAllocator allocator = AllocatorKind.NETTY.newRoot();
         MallardClient client = MallardClient.connect(new Location(args[0]), allocator)) {
      long[] total = {0};
      stats = client.get(args[1], 65536, batch -> {
        BigIntVector v = (BigIntVector) batch.getVector(0);
        for (int i = 0; i < batch.getRowCount(); i++) {
          total[0] += v.get(i);
        }
      });
      sum = total[0];
    }
    System.out.println("rows=" + stats.rows() + " bytes=" + stats.bytes() + " sum=" + sum);
  }
}
