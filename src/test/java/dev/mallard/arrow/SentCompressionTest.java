package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code auto}'s probe on a clock the test moves: which batches go out with which codec, and the choice. */
class SentCompressionTest {
  private static final long ROWS = 1000;

  /** Sends {@code batches} batches; each takes {@code plainNanos} plain or {@code zstdNanos} compressed. */
  private static List<IpcCompression> run(int batches, long plainNanos, long zstdNanos, SentCompression[] out) {
    List<IpcCompression> sentWith = new ArrayList<>();
    IpcCompression[] current = {IpcCompression.NONE};
    long[] now = {0};
    SentCompression auto = SentCompression.adaptive(next -> current[0] = next, () -> now[0]);
    for (int i = 0; i < batches; i++) {
      sentWith.add(current[0]);
      now[0] += current[0] == IpcCompression.ZSTD ? zstdNanos : plainNanos;
      auto.sent(ROWS);
    }
    out[0] = auto;
    return sentWith;
  }

  @Test
  void aThinLinkKeepsZstdAfterTheProbe() {
    SentCompression[] auto = new SentCompression[1];
    List<IpcCompression> sentWith = run(20, 100, 40, auto);
    int probeEnd = SentCompression.WARM_UP + 2 * SentCompression.PROBE;
    for (int i = 0; i < 20; i++) {
      IpcCompression expected = i < SentCompression.WARM_UP + SentCompression.PROBE ? IpcCompression.NONE
          : IpcCompression.ZSTD;
      assertEquals(expected, sentWith.get(i), "batch " + i);
    }
    assertEquals(IpcCompression.ZSTD, auto[0].chosen());
    assertEquals(IpcCompression.ZSTD, sentWith.get(probeEnd));
  }

  @Test
  void aBusyCpuGoesBackToPlainAfterTheProbe() {
    SentCompression[] auto = new SentCompression[1];
    List<IpcCompression> sentWith = run(20, 100, 190, auto);
    int zstdFrom = SentCompression.WARM_UP + SentCompression.PROBE;
    int probeEnd = zstdFrom + SentCompression.PROBE;
    for (int i = 0; i < 20; i++) {
      IpcCompression expected = i >= zstdFrom && i < probeEnd ? IpcCompression.ZSTD : IpcCompression.NONE;
      assertEquals(expected, sentWith.get(i), "batch " + i);
    }
    assertEquals(IpcCompression.NONE, auto[0].chosen());
  }

  @Test
  void zstdMustWinByTheMarginNotByNoise() {
    SentCompression[] auto = new SentCompression[1];
    run(20, 100, 95, auto);
    assertEquals(IpcCompression.NONE, auto[0].chosen());
  }

  @Test
  void longStreamsProbeAgain() {
    SentCompression[] auto = new SentCompression[1];
    List<IpcCompression> sentWith = run(SentCompression.RECHECK + 20, 100, 40, auto);
    // the second probe times plain batches again, then keeps ZSTD
    int secondPlain = SentCompression.RECHECK + SentCompression.WARM_UP;
    assertEquals(IpcCompression.ZSTD, sentWith.get(secondPlain - 1));
    assertEquals(IpcCompression.NONE, sentWith.get(secondPlain));
    assertEquals(IpcCompression.ZSTD, sentWith.get(secondPlain + SentCompression.PROBE));
    assertEquals(IpcCompression.ZSTD, auto[0].chosen());
  }

  @Test
  void fixedCodecsNeverSwitch() {
    SentCompression fixed = SentCompression.fixed();
    for (int i = 0; i < 50; i++) {
      fixed.sent(ROWS);
    }
    assertEquals(IpcCompression.NONE, fixed.chosen());
  }
}
