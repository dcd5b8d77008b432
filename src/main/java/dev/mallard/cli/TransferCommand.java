package dev.mallard.cli;

import dev.mallard.arrow.AllocatorKind;
import dev.mallard.arrow.PutMode;
import dev.mallard.arrow.SqlIdentifiers;
import dev.mallard.arrow.StreamStats;
import dev.mallard.client.MallardClient;
import dev.mallard.client.TableChecksum;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mallard transfer}: copy a table or query result from one server to another. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = "Copy a table (or a query's result) from one Mallard server to another, and verify it.")
public final class TransferCommand implements Callable<Integer> {
  @Option(names = "--from", defaultValue = "grpc://localhost:8815", description = "Source server (default: ${DEFAULT-VALUE}).")
  URI from;

  @Option(names = "--to", defaultValue = "grpc://localhost:8816", description = "Target server (default: ${DEFAULT-VALUE}).")
  URI to;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--table", description = "Source table.")
    String table;

    @Option(names = "--query", description = "Source query (SQL).")
    String query;
  }

  @Option(names = "--target-table", description = "Target table (default: the source table's name).")
  String targetTable;

  @Option(names = "--mode", defaultValue = "direct",
      description = "relay: through this client; direct: server to server (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--put-mode", defaultValue = "replace", description = "append, replace or create (default: ${DEFAULT-VALUE}).")
  String putMode;

  @Option(names = "--batch-size", defaultValue = "0", description = "Rows per batch (default: the source server's).")
  int batchSize;

  @Option(names = "--no-verify", negatable = true, defaultValue = "true",
      description = "Compare row count and content checksum on both sides afterwards (default: on).")
  boolean verify;

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() throws Exception {
    String target = targetTable != null ? targetTable : source.table;
    if (target == null) {
      throw new IllegalArgumentException("--query needs --target-table");
    }
    String query = source.query != null ? source.query : "SELECT * FROM " + SqlIdentifiers.quote(source.table);
    PutMode put = PutMode.parse(putMode);
    try (BufferAllocator allocator = AllocatorKind.fromSystemProperty().newRoot();
        MallardClient one = client.connect(from, allocator);
        MallardClient two = client.connect(to, allocator)) {
      StreamStats stats = switch (mode.toLowerCase(Locale.ROOT)) {
        case "direct" -> one.transferDirect(two, query, target, put, batchSize);
        case "relay" -> one.transferRelay(two, query, target, put, batchSize);
        default -> throw new IllegalArgumentException("unknown --mode '" + mode + "': use relay or direct");
      };
      System.out.printf(Locale.ROOT, "%s transfer: %,d rows, %,d batches, %.1f MB in %.1f ms (%,.0f rows/s, %.1f MB/s)%n",
          mode, stats.rows(), stats.batches(), stats.bytes() / 1e6, stats.elapsedNanos() / 1e6,
          stats.rowsPerSecond(), stats.megabytesPerSecond());
      if (verify) {
        TableChecksum expected = one.checksumQuery(query);
        TableChecksum actual = two.checksumTable(target);
        boolean same = put != PutMode.APPEND ? expected.equals(actual) : actual.rows() >= expected.rows();
        System.out.println((same ? "verified: " : "MISMATCH: ") + "source " + expected + ", target " + actual);
        return same ? 0 : 1;
      }
      return 0;
    }
  }
}
