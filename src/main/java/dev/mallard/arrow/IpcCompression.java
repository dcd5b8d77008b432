package dev.mallard.arrow;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow IPC body compression for what a Mallard peer sends. Off by default: on loopback and fast
 * LANs the CPU it costs is worth more than the bytes it saves; on a slow link fewer bytes win
 * (docs/links.md), and {@code auto} measures which holds for each stream. Mallard reads LZ4 and ZSTD bodies (Arrow
 * finds both codecs), but sends only ZSTD: one GET of 100,000 BIGINTs took 34 s with Arrow Java's
 * LZ4 codec (commons-compress) and 0.1 s with ZSTD (zstd-jni), in CompressionTest on a 2-core machine.
 * ZSTD sends at level 1, not Arrow's default 3: over the flights batches level 1 compresses 2.5x as fast
 * (579 vs 227 MB/s on one core) and decompresses 1.5x as fast for a 1.84 vs 1.90 ratio
 * (results/zstd-levels/), and on a link slow enough to want compression the sender's CPU is what runs out.
 */
public enum IpcCompression {
  NONE("none", CompressionUtil.CodecType.NO_COMPRESSION),
  ZSTD("zstd", CompressionUtil.CodecType.ZSTD),
  /** Each stream tries both and keeps the faster, batch by batch ({@link SentCompression}). */
  AUTO("auto", null);

  /** The header a client sets to ask a server to compress what it sends back. */
  public static final String HEADER = "mallard-compression";

  private final String wireName;
  private final CompressionUtil.CodecType codecType;

  /** See the class comment for why not Arrow's default. */
  static final int ZSTD_LEVEL = 1;

  IpcCompression(String wireName, CompressionUtil.CodecType codecType) {
    this.wireName = wireName;
    this.codecType = codecType;
  }

  public String wireName() {
    return wireName;
  }

  /** A new codec (codecs keep per-stream state, so one per stream); {@code auto} has none of its own. */
  CompressionCodec newCodec() {
    if (codecType == null) {
      throw new IllegalStateException(wireName + " is a choice between codecs, not a codec");
    }
    return codecType == CompressionUtil.CodecType.ZSTD
        ? CommonsCompressionFactory.INSTANCE.createCodec(codecType, ZSTD_LEVEL)
        : CommonsCompressionFactory.INSTANCE.createCodec(codecType);
  }

  /** Parses {@code none} or {@code zstd}, any case. */
  public static IpcCompression parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("lz4")) {
      throw new IllegalArgumentException("lz4 is not offered for sending (Arrow Java's LZ4 codec is far too slow):"
          + " use zstd");
    }
    return Arrays.stream(values()).filter(c -> c.wireName.equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown compression '" + name + "': use one of "
            + Arrays.stream(values()).map(IpcCompression::wireName).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
