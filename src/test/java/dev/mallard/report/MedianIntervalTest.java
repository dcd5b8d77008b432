package dev.mallard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MedianIntervalTest {

  @Test
  void twentySamplesGiveTheSixthAndFifteenthOrderStatistics() {
    // the textbook 95% interval of the median for n = 20 (e.g. Conover, Practical Nonparametric Statistics, table A3)
    double[] values = IntStream.rangeClosed(1, 20).mapToDouble(i -> 21 - i).toArray();
    MedianInterval m = MedianInterval.of(values);
    assertEquals(10.5, m.median(), 1e-12);
    assertEquals(6, m.low());
    assertEquals(15, m.high());
    assertEquals(20, m.samples());
    assertEquals(4.5 / 10.5, m.relativeHalfWidth(), 1e-12);
  }

  @Test
  void fewerThanSixSamplesHaveNoInterval() {
    MedianInterval m = MedianInterval.of(new double[] {3, 1, 2, 5, 4});
    assertEquals(3, m.median());
    assertFalse(m.hasInterval());
    assertTrue(MedianInterval.of(new double[] {3, 1, 2, 5, 4, 6}).hasInterval());
  }

  @Test
  void theIntervalCoversTheTrueMedianOfASkewedDistributionAtLeast95PercentOfTheTime() {
    Random random = new Random(42);
    double trueMedian = Math.log(2); // exponential(1): long right tail, like times on a busy machine
    int covered = 0;
    int sets = 4000;
    for (int s = 0; s < sets; s++) {
      double[] x = new double[20];
      for (int i = 0; i < x.length; i++) {
        x[i] = -Math.log(1 - random.nextDouble());
      }
      MedianInterval m = MedianInterval.of(x);
      if (m.low() <= trueMedian && trueMedian <= m.high()) {
        covered++;
      }
    }
    // exact coverage for n = 20 is 1 - 2 P(X <= 5) = 95.86%
    assertTrue(covered / (double) sets > 0.945, covered + " of " + sets);
  }

  @Test
  void invertingTurnsMillisPerOpIntoRowsPerSecondWithTheEndsSwapped() {
    MedianInterval ms = new MedianInterval(200, 100, 400, 20);
    MedianInterval rows = ms.inverted(1_000_000 * 1000.0);
    assertEquals(5_000_000, rows.median(), 1e-6);
    assertEquals(2_500_000, rows.low(), 1e-6);
    assertEquals(10_000_000, rows.high(), 1e-6);
  }
}
