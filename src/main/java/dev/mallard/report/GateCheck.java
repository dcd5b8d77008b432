package dev.mallard.report;

import dev.mallard.report.MarkdownTable.Align;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CI gate's decision over interleaved rounds: for every benchmark configuration of the current
 * commit, its {@link Slowdown} against the same configuration of the base commit, and the exit code.
 * A configuration matches when the benchmark name is the same and every parameter both sides have
 * agrees, so a parameter added by the change under test does not make its benchmark incomparable.
 */
public final class GateCheck {

  /** One benchmark configuration: its name, its parameters and the verdict. */
  public record Entry(String benchmark, Map<String, String> params, Slowdown slowdown) {}

  private final InterleavedRuns runs;
  private final double threshold;
  private final Slowdown.Pairing pairing;
  private final List<Entry> entries;
  private final List<String> onlyInCurrent;

  private GateCheck(InterleavedRuns runs, double threshold, Slowdown.Pairing pairing, List<Entry> entries,
      List<String> onlyInCurrent) {
    this.runs = runs;
    this.threshold = threshold;
    this.pairing = pairing;
    this.entries = List.copyOf(entries);
    this.onlyInCurrent = List.copyOf(onlyInCurrent);
  }

  public static GateCheck of(InterleavedRuns runs, double threshold, Slowdown.Pairing pairing) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be between 0 and 1 (exclusive), got " + threshold);
    }
    List<InterleavedRuns.Round> rounds = runs.rounds();
    List<Entry> entries = new ArrayList<>();
    List<String> onlyInCurrent = new ArrayList<>();
    for (JmhResult configuration : rounds.get(0).current().results()) {
      List<double[]> base = new ArrayList<>();
      List<double[]> current = new ArrayList<>();
      for (InterleavedRuns.Round round : rounds) {
        Optional<JmhResult> b = match(round.base(), configuration);
        JmhResult c = match(round.current(), configuration).orElseThrow(() -> new BenchmarkInputException(
            round.current().source() + " has no result for " + configuration.key() + ", which round "
                + rounds.get(0).number() + " measured: did a fork fail?"));
        if (b.isEmpty()) {
          if (round == rounds.get(0)) {
            break;
          }
          throw new BenchmarkInputException(round.base().source() + " has no result for " + configuration.key()
              + ", which earlier rounds of the base commit measured: did a fork fail?");
        }
        base.add(samples(b.get()));
        current.add(samples(c));
      }
      if (base.isEmpty()) {
        onlyInCurrent.add(configuration.key());
        continue;
      }
      try {
        entries.add(new Entry(configuration.shortName(), configuration.params(),
            Slowdown.of(base, current, threshold, pairing)));
      } catch (IllegalArgumentException e) {
        throw new BenchmarkInputException(configuration.key() + ": " + e.getMessage());
      }
    }
    // one base result may pair with several current ones (a parameter only the current commit has)
    for (JmhResult b : rounds.get(0).base().results()) {
      if (rounds.get(0).current().results().stream().noneMatch(c -> sharedParamsAgree(c, b))) {
        throw new BenchmarkInputException(b.key() + " of the base commit is missing from the current one ("
            + rounds.get(0).current().source() + "): a gate that skips a benchmark cannot prove it did not regress");
      }
    }
    return new GateCheck(runs, threshold, pairing, entries, onlyInCurrent);
  }

  /** The result of {@code run} with the same benchmark whose shared parameters all agree. */
  private static Optional<JmhResult> match(BenchmarkRun run, JmhResult wanted) {
    List<JmhResult> hits = run.byName(wanted.shortName()).stream().filter(r -> sharedParamsAgree(r, wanted)).toList();
    if (hits.size() > 1) {
      throw new BenchmarkInputException(run.source() + " has " + hits.size() + " results matching " + wanted.key()
          + ": run the gate on one configuration per benchmark");
    }
    return hits.stream().findFirst();
  }

  private static boolean sharedParamsAgree(JmhResult a, JmhResult b) {
    return a.shortName().equals(b.shortName()) && a.params().entrySet().stream().allMatch(e ->
        !b.params().containsKey(e.getKey()) || Objects.equals(b.params().get(e.getKey()), e.getValue()));
  }

  private static double[] samples(JmhResult r) {
    double[] samples = r.millisPerOpSamples();
    if (samples.length == 0) {
      throw new BenchmarkInputException(r.key() + " has no per-operation samples (mode " + r.mode()
          + "): the gate needs SingleShotTime runs (-bm ss), one operation per iteration");
    }
    return samples;
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<Entry> regressions() {
    return entries.stream().filter(e -> e.slowdown().verdict() == GateVerdict.REGRESSION).toList();
  }

  public int exitCode() {
    return regressions().isEmpty() ? RegressionCheck.NO_REGRESSION : RegressionCheck.REGRESSION;
  }

  /** The summary for a CI job page. */
  public String toMarkdown(String baseLabel, String currentLabel) {
    List<Entry> regressions = regressions();
    StringBuilder out = new StringBuilder("## Benchmark gate: ")
        .append(regressions.isEmpty() ? "no regression ✅" : regressions.size() + " regression(s) ❌").append("\n\n");
    int rounds = runs.rounds().size();
    out.append("- **Base**: ").append(baseLabel).append("; **current**: ").append(currentLabel).append('\n');
    boolean turns = pairing == Slowdown.Pairing.OPERATIONS;
    out.append("- **Design**: ").append(rounds).append(" rounds on this machine in this job, each one JMH fork of base")
        .append(turns ? " and one of current taking turns operation by operation (which goes first alternates by round)"
            : " and one of current back to back (which goes first alternates)")
        .append("; every operation one single-shot sample.\n");
    out.append("- **Ratio**: current / base time (above 1 is slower), ")
        .append(turns ? "the geometric mean over rounds of the trimmed mean ratio of paired operations (without the"
            + " lowest and highest eighth)" : "the geometric mean of the rounds' ratios of median times")
        .append("; 95% interval: Student-t over rounds of the log ratio; p: ")
        .append(turns ? "t-test of the log ratios.\n" : "paired t-test of log times.\n");
    out.append("- **Regression**: the whole interval above ").append(Formats.plainRatio(1 + threshold)).append(" (")
        .append(Formats.significant(threshold * 100, 3)).append("% slower); a noisy benchmark is inconclusive, never failed.\n");
    out.append("- **Dataset**: fingerprint ").append(describe(runs.rounds().get(0).base().fingerprints())).append(", rows ")
        .append(runs.rounds().get(0).base().datasetRows().stream().map(Formats::grouped).collect(Collectors.joining(", ")))
        .append("\n\n");
    MarkdownTable table = new MarkdownTable(
        List.of("Benchmark", "Parameters", "Base median (ms)", "Current median (ms)", "Ratio", "95% interval", "p-value",
            "Rounds", "Verdict"),
        List.of(Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT,
            Align.LEFT));
    for (Entry e : entries) {
      Slowdown s = e.slowdown();
      table.row(List.of(e.benchmark(), parameters(e.params()), Formats.twoDecimals(s.baseMedianMillis()),
          Formats.twoDecimals(s.currentMedianMillis()),
          ratio(s.ratio()) + " (" + Formats.percent(s.change()) + ")",
          Double.isFinite(s.low()) ? "[" + ratio(s.low()) + ", " + ratio(s.high()) + "]" : "none",
          pValue(s.pValue()), Integer.toString(s.rounds()), s.verdict().label()));
    }
    out.append(table.render());
    if (!onlyInCurrent.isEmpty()) {
      out.append("\nOnly in current, not compared: ")
          .append(onlyInCurrent.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "))).append('\n');
    }
    return out.toString();
  }

  /** One line per benchmark, tab-separated, for scripts (the gate-proof experiment). */
  public String toTsv() {
    StringBuilder out = new StringBuilder("benchmark\tparams\tratio\tlow\thigh\tp\trounds\tverdict\n");
    for (Entry e : entries) {
      Slowdown s = e.slowdown();
      out.append(e.benchmark()).append('\t').append(parameters(e.params())).append('\t')
          .append(String.format(Locale.US, "%.4f\t%.4f\t%.4f\t%.4g", s.ratio(), s.low(), s.high(), s.pValue()))
          .append('\t').append(s.rounds()).append('\t').append(s.verdict().name()).append('\n');
    }
    return out.toString();
  }

  private static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.US, "%.3f", value) : Formats.MISSING;
  }

  private static String pValue(double p) {
    if (!Double.isFinite(p)) {
      return Formats.MISSING;
    }
    return p < 0.001 ? "< 0.001" : String.format(Locale.US, "%.3f", p);
  }

  private static String parameters(Map<String, String> params) {
    return params.entrySet().stream().filter(e -> !e.getKey().equals(BenchmarkNames.ROWS) && !e.getValue().isEmpty())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private static String describe(java.util.Set<?> values) {
    return values.isEmpty() ? "(not recorded)" : values.stream().map(Object::toString).collect(Collectors.joining(", "));
  }
}
