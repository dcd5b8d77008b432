package dev.mallard.report;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** All results of one sitting: one JMH result file, or several joined (the default profile writes two). */
public record BenchmarkRun(List<Path> sources, List<JmhResult> results) {

  public BenchmarkRun {
    sources = List.copyOf(sources);
    results = List.copyOf(results);
  }

  public BenchmarkRun(Path source, List<JmhResult> results) {
    this(List.of(source), results);
  }

  /** The first result file; the only one unless several were joined. */
  public Path source() {
    return sources.get(0);
  }

  public List<JmhResult> byName(String shortName) {
    return results.stream().filter(r -> r.shortName().equals(shortName)).toList();
  }

  /** Distinct benchmark short names in file order. */
  public List<String> names() {
    return results.stream().map(JmhResult::shortName).distinct().toList();
  }

  public Set<String> fingerprints() {
    return results.stream().map(JmhResult::fingerprint).flatMap(Optional::stream)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  public Set<Long> datasetRows() {
    return results.stream().map(JmhResult::datasetRows).filter(r -> r.isPresent())
        .map(r -> r.getAsLong()).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The result of {@code referenceName} to compare {@code target} with: the one at the same batch size
   * and allocator (a reference without an allocator param matches any allocator) on the same dataset,
   * else the fastest one on the same dataset, else the fastest one at all. Empty when the run does not
   * have {@code referenceName}.
   */
  public Optional<Reference> referenceFor(JmhResult target, String referenceName) {
    List<JmhResult> candidates = byName(referenceName);
    List<JmhResult> sameData = candidates.stream()
        .filter(c -> c.datasetRows().equals(target.datasetRows())).toList();
    Optional<JmhResult> exact = sameData.stream()
        .filter(c -> sameOrAbsent(c, target, BenchmarkNames.BATCH_SIZE) && sameOrAbsent(c, target, BenchmarkNames.ALLOCATOR))
        .max(FASTEST);
    if (exact.isPresent()) {
      return Optional.of(new Reference(exact.get(), true));
    }
    return (sameData.isEmpty() ? candidates : sameData).stream().max(FASTEST).map(r -> new Reference(r, false));
  }

  private static boolean sameOrAbsent(JmhResult reference, JmhResult target, String param) {
    return reference.param(param).isEmpty() || Objects.equals(reference.params().get(param), target.params().get(param));
  }

  /** Ranks results of one benchmark by throughput (ops/s: same benchmark, same work per op). */
  public static final Comparator<JmhResult> FASTEST = Comparator.comparingDouble(r -> r.opsPerSecond().perSecond());

  /**
   * What {@code target} is compared with.
   *
   * @param sameConfiguration false when no result at the target's batch size and allocator existed
   *     and the fastest one stands in
   */
  public record Reference(JmhResult result, boolean sameConfiguration) {}
}
