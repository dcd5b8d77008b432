package dev.mallard.arrow;

import java.util.function.LongSupplier;

/**
 * How the batches of one outgoing Flight stream are compressed, batch by batch. {@code none} and
 * {@code zstd} hold for the whole stream. {@code auto} finds out which moves rows faster on this
 * link, this CPU and this reader, by trying both: after {@value #WARM_UP} batches sent plain (while
 * gRPC's flow-control window fills, a batch costs no wire time), it times {@value #PROBE} batches
 * plain and {@value #PROBE} compressed, and keeps ZSTD only if those moved rows at least
 * {@value #MARGIN}x as fast; every {@value #RECHECK} batches it tries again, since neighbours and
 * links change. Timing the stream itself, rather than guessing the link from gRPC readiness, counts
 * whatever is slowest: a thin link (compression wins), or a CPU shared with DuckDB and the reader
 * (compression loses). Arrow IPC carries the codec in every batch, so any Flight reader (Arrow Java,
 * pyarrow) reads a stream whose batches change codec midway.
 *
 * <p>Call {@link #sent} once after each {@code putNext}, on the thread that sends.
 */
public final class SentCompression {
  static final int WARM_UP = 2;
  static final int PROBE = 4;
  static final int RECHECK = 128;
  static final double MARGIN = 1.1;

  /** Switches what the next batch is sent with. */
  interface Switch {
    void to(IpcCompression compression);
  }

  private static final SentCompression FIXED = new SentCompression(null, null);

  private final Switch codec;
  private final LongSupplier clock;
  private IpcCompression current = IpcCompression.NONE;
  private IpcCompression chosen = IpcCompression.NONE;
  private long batches;
  private long windowRows;
  private long windowStart;
  private double plainRate;

  private SentCompression(Switch codec, LongSupplier clock) {
    this.codec = codec;
    this.clock = clock;
  }

  /** A stream whose codec was set once at its start. */
  static SentCompression fixed() {
    return FIXED;
  }

  /** {@code auto}: starts plain; {@code codec} switches the stream, {@code clock} gives nanoseconds. */
  static SentCompression adaptive(Switch codec, LongSupplier clock) {
    return new SentCompression(codec, clock);
  }

  /** Counts a batch of {@code rows} just sent, and switches the codec when a probe window ends. */
  public void sent(long rows) {
    if (codec == null) {
      return;
    }
    long now = clock.getAsLong();
    long position = batches++ % RECHECK;
    if (position >= WARM_UP) {
      windowRows += rows;
    }
    if (position == WARM_UP - 1) {
      startWindow(now, IpcCompression.NONE);
    } else if (position == WARM_UP + PROBE - 1) {
      plainRate = rate(now);
      startWindow(now, IpcCompression.ZSTD);
    } else if (position == WARM_UP + 2 * PROBE - 1) {
      chosen = rate(now) >= MARGIN * plainRate ? IpcCompression.ZSTD : IpcCompression.NONE;
      switchTo(chosen);
    }
  }

  /** What the stream settled on at its last probe ({@code none} before the first ends). */
  public IpcCompression chosen() {
    return chosen;
  }

  private double rate(long now) {
    return windowRows / (double) Math.max(1, now - windowStart);
  }

  private void startWindow(long now, IpcCompression probed) {
    windowStart = now;
    windowRows = 0;
    switchTo(probed);
  }

  private void switchTo(IpcCompression next) {
    if (next != current) {
      codec.to(next);
      current = next;
    }
  }
}
