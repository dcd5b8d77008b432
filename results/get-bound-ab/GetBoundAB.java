import dev.mallard.bench.ArrowSettings;
import dev.mallard.bench.BaselineBenchmark;
import dev.mallard.bench.DatasetState;
import dev.mallard.bench.GetBenchmark;
import dev.mallard.bench.HeldBatchesServer;
import dev.mallard.bench.LocalPairState;
import dev.mallard.bench.Moved;
import dev.mallard.bench.PartitionCount;
import dev.mallard.bench.PeakMemory;
import dev.mallard.bench.ServerPairState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * GET against its bound 1 / (1/E + 1/T) with all four operations in one JVM, taking turns: the
 * benchmarks' own states and methods (GetBenchmark.get at 1 partition, BaselineBenchmark.inProcessExport,
 * inProcessExportPartitioned at 2, flightTransport), called round after round with the order rotating, so
 * the machine's drift falls on all of them. Per round: E = the faster of the two exports, the bound's
 * time = E's time + T's time, and GET / bound = bound time / GET time. Args: ROUNDS WARMUP_ROUNDS.
 */
public class GetBoundAB {
  interface Op { long run() throws Exception; }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    int warmups = Integer.parseInt(args[1]);
    DatasetState dataset = new DatasetState();
    dataset.rows = 24_000_000;
    dataset.dataset = "";
    dataset.prepare();
    ArrowSettings arrow = new ArrowSettings();
    arrow.batchSize = 122_880;
    arrow.allocator = "netty";
    arrow.choose();
    LocalPairState local = new LocalPairState();
    local.load(dataset);
    HeldBatchesServer held = new HeldBatchesServer();
    held.start(local, arrow);
    ServerPairState servers = new ServerPairState();
    servers.server1 = "";
    servers.server2 = "";
    servers.prefetch = 2;
    servers.compression = "none";
    servers.start(dataset, arrow, local);
    PartitionCount one = new PartitionCount();
    one.partitions = 1;
    PartitionCount two = new PartitionCount();
    two.partitions = 2;
    Moved moved = new Moved();
    PeakMemory memory = new PeakMemory();
    BaselineBenchmark baselines = new BaselineBenchmark();
    GetBenchmark get = new GetBenchmark();

    String[] names = {"GET", "export 1 stream", "export 2 partitions", "transport"};
    Op[] ops = {
        () -> get.get(servers, arrow, one, moved, memory),
        () -> baselines.inProcessExport(local, arrow, moved, memory),
        () -> baselines.inProcessExportPartitioned(local, arrow, two, moved, memory),
        () -> baselines.flightTransport(held, moved)};
    List<Double> ratios = new ArrayList<>();
    try {
      for (int r = 0; r < rounds; r++) {
        double[] ms = new double[ops.length];
        for (int k = 0; k < ops.length; k++) {
          int i = (k + r) % ops.length;
          long start = System.nanoTime();
          ops[i].run();
          ms[i] = (System.nanoTime() - start) / 1e6;
        }
        double bound = Math.min(ms[1], ms[2]) + ms[3];
        double ratio = bound / ms[0];
        boolean warm = r >= warmups;
        if (warm) {
          ratios.add(ratio);
        }
        System.out.printf("%2d %s %.0f, %s %.0f, %s %.0f, %s %.0f ms; GET / bound %.3f%s%n", r, names[0], ms[0], names[1],
            ms[1], names[2], ms[2], names[3], ms[3], ratio, warm ? "" : " (warm-up)");
      }
    } finally {
      servers.stop();
      held.stop();
      local.close();
      arrow.release();
    }
    Collections.sort(ratios);
    System.out.println("GET / bound: median " + ratios.get(ratios.size() / 2) + ", sorted " + ratios);
  }
}
