package dev.mallard.report;

import static dev.mallard.report.Slowdown.Pairing.FORKS;
import static dev.mallard.report.Slowdown.Pairing.OPERATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** Known distributions in, known verdicts out: the gate's statistics on their own. */
class SlowdownTest {
  private static final double THRESHOLD = 0.10;
  private static final int ROUNDS = 8;
  private static final int PER_FORK = 10;

  /**
   * Rounds of single-shot times around {@code millis}: each fork gets its own level (drift between
   * rounds, shared by base and current of the round if {@code drift} is the same) and each
   * operation its own log-normal noise.
   */
  private static List<double[]> rounds(Random random, double millis, double[] drift, double noise) {
    List<double[]> rounds = new ArrayList<>();
    for (double level : drift) {
      double[] samples = new double[PER_FORK];
      for (int i = 0; i < PER_FORK; i++) {
        samples[i] = millis * level * Math.exp(noise * random.nextGaussian());
      }
      rounds.add(samples);
    }
    return rounds;
  }

  /** The machine's load per round: up to ±20% between rounds, the same for both commits of a round. */
  private static double[] drift(Random random) {
    double[] drift = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      drift[i] = 0.8 + 0.4 * random.nextDouble();
    }
    return drift;
  }

  @Test
  void identicalSamplesAreNoRegression() {
    List<double[]> base = rounds(new Random(1), 250, drift(new Random(2)), 0.05);
    Slowdown s = Slowdown.of(base, base, THRESHOLD, FORKS);
    assertEquals(1.0, s.ratio(), 1e-12);
    assertEquals(1.0, s.low(), 1e-12);
    assertEquals(1.0, s.high(), 1e-12);
    assertEquals(1.0, s.pValue());
    assertEquals(GateVerdict.SAME, s.verdict());
  }

  @Test
  void aThirtyPercentSlowerCommitIsARegressionDespiteDriftBetweenRounds() {
    Random random = new Random(3);
    double[] drift = drift(random);
    Slowdown s = Slowdown.of(rounds(random, 250, drift, 0.05), rounds(random, 325, drift, 0.05), THRESHOLD, FORKS);
    assertEquals(GateVerdict.REGRESSION, s.verdict(), s.toString());
    assertEquals(1.3, s.ratio(), 0.05);
    assertTrue(s.low() > 1.1 && s.high() > 1.3 - 0.05, s.toString());
    assertTrue(s.pValue() < 0.001, s.toString());
  }

  @Test
  void aNoisyFivePercentIsNotFlagged() {
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(100 + seed);
      double[] drift = drift(random);
      Slowdown s = Slowdown.of(rounds(random, 250, drift, 0.15), rounds(random, 262.5, drift, 0.15), THRESHOLD, FORKS);
      assertNotEquals(GateVerdict.REGRESSION, s.verdict(), "seed " + seed + ": " + s);
    }
  }

  @Test
  void aTightFivePercentIsSlowerButWithinTheThreshold() {
    Random random = new Random(5);
    double[] drift = drift(random);
    Slowdown s = Slowdown.of(rounds(random, 250, drift, 0.01), rounds(random, 262.5, drift, 0.01), THRESHOLD, FORKS);
    assertEquals(GateVerdict.SLOWER, s.verdict(), s.toString());
  }

  @Test
  void aFasterCommitIsFaster() {
    Random random = new Random(6);
    double[] drift = drift(random);
    Slowdown s = Slowdown.of(rounds(random, 250, drift, 0.03), rounds(random, 200, drift, 0.03), THRESHOLD, FORKS);
    assertEquals(GateVerdict.FASTER, s.verdict(), s.toString());
  }

  @Test
  void tooFewRoundsAreUndecidedAndNeverFlagged() {
    Random random = new Random(7);
    double[] drift = {1.0, 1.05};
    Slowdown s = Slowdown.of(rounds(random, 250, drift, 0.02), rounds(random, 400, drift, 0.02), THRESHOLD, FORKS);
    assertEquals(GateVerdict.UNDECIDED, s.verdict(), s.toString());
    assertTrue(Double.isNaN(s.low()) && Double.isNaN(s.pValue()));
    assertEquals(1.6, s.ratio(), 0.1, "the estimate is still shown");
  }

  @Test
  void anIntervalReachingFromNoChangePastTheThresholdIsInconclusive() {
    // three rounds with ratios 0.98, 1.10, 1.25: centred past 10% but too spread to tell
    List<double[]> base = List.of(new double[] {100}, new double[] {100}, new double[] {100});
    List<double[]> current = List.of(new double[] {98}, new double[] {110}, new double[] {125});
    assertEquals(GateVerdict.INCONCLUSIVE, Slowdown.of(base, current, THRESHOLD, FORKS).verdict());
  }

  @Test
  void theIntervalIsTheStudentTIntervalOfTheMeanLogRatioOverRounds() {
    List<double[]> base = List.of(new double[] {100, 90, 110}, new double[] {200}, new double[] {100});
    List<double[]> current = List.of(new double[] {120, 99, 130}, new double[] {230}, new double[] {112});
    double[] logs = {Math.log(120.0 / 100), Math.log(230.0 / 200), Math.log(112.0 / 100)};
    double mean = (logs[0] + logs[1] + logs[2]) / 3;
    double ss = 0;
    for (double l : logs) {
      ss += (l - mean) * (l - mean);
    }
    double half = TDistribution.of(2).inverseCumulativeProbability(0.975) * Math.sqrt(ss / 2) / Math.sqrt(3);
    Slowdown s = Slowdown.of(base, current, THRESHOLD, FORKS);
    assertEquals(Math.exp(mean), s.ratio(), 1e-9);
    assertEquals(Math.exp(mean - half), s.low(), 1e-9);
    assertEquals(Math.exp(mean + half), s.high(), 1e-9);
    double t = mean / (Math.sqrt(ss / 2) / Math.sqrt(3));
    assertEquals(2 * TDistribution.of(2).survivalProbability(Math.abs(t)), s.pValue(), 1e-9);
    assertEquals(3, s.rounds());
  }

  @Test
  void pairedOperationsTakeTheTrimmedMeanOfPairRatiosWhereForksTakeTheRatioOfMedians() {
    // eight pairs: six at 1.10, one at 3.0 (a GC pause) and one at 0.5, left out as the extreme eighths
    double[] base = {100, 100, 100, 100, 100, 100, 100, 100};
    double[] current = {110, 110, 300, 110, 110, 50, 110, 110};
    assertEquals(1.10, Slowdown.of(List.of(base, base, base), List.of(current, current, current), THRESHOLD, OPERATIONS)
        .ratio(), 1e-9);
    // per pair 1.10, 1.15 and 1.00, too few to trim: their geometric mean; the medians (230 / 200) say 1.15
    List<double[]> fewBase = List.of(new double[] {100, 200, 400}, new double[] {100, 200, 400}, new double[] {100, 200, 400});
    List<double[]> fewCurrent = List.of(new double[] {110, 230, 400}, new double[] {110, 230, 400}, new double[] {110, 230, 400});
    assertEquals(Math.cbrt(1.10 * 1.15), Slowdown.of(fewBase, fewCurrent, THRESHOLD, OPERATIONS).ratio(), 1e-9);
    assertEquals(1.15, Slowdown.of(fewBase, fewCurrent, THRESHOLD, FORKS).ratio(), 1e-9);
  }

  @Test
  void pairedOperationsSeeFifteenPercentThroughADriftEachPairShares() {
    // the machine's speed moves ±20% from operation to operation, but each pair ran within a second
    Random random = new Random(8);
    List<double[]> base = new ArrayList<>();
    List<double[]> current = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      double[] b = new double[PER_FORK];
      double[] c = new double[PER_FORK];
      for (int i = 0; i < PER_FORK; i++) {
        double machine = Math.exp(0.2 * random.nextGaussian());
        b[i] = 250 * machine * Math.exp(0.02 * random.nextGaussian());
        c[i] = 287.5 * machine * Math.exp(0.02 * random.nextGaussian());
      }
      base.add(b);
      current.add(c);
    }
    Slowdown s = Slowdown.of(base, current, THRESHOLD, OPERATIONS);
    assertEquals(GateVerdict.REGRESSION, s.verdict(), s.toString());
    assertEquals(1.15, s.ratio(), 0.02, s.toString());
  }

  @Test
  void pairedOperationsNeedTheSameCountOnBothSides() {
    List<double[]> base = List.of(new double[] {100, 100}, new double[] {100}, new double[] {100});
    List<double[]> current = List.of(new double[] {100}, new double[] {100}, new double[] {100});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Slowdown.of(base, current, THRESHOLD, OPERATIONS));
    assertTrue(e.getMessage().contains("round 1 has 2 base and 1 current operations"), e.getMessage());
  }
}
