package dev.mallard.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The result files of one interleaved gate run ({@code ./run-bench.sh --ci --base REF}): a directory
 * of {@code round-NN-base.json} and {@code round-NN-current.json}, one JMH fork of each commit per
 * round. Refuses (with {@link BenchmarkInputException}) a directory with a round missing either
 * side, or sides that measured different datasets.
 */
public final class InterleavedRuns {
  private static final Pattern FILE = Pattern.compile("round-(\\d+)-(base|current)\\.json");

  /** One round: the base commit's run and the current one's. */
  public record Round(int number, BenchmarkRun base, BenchmarkRun current) {}

  private final Path directory;
  private final List<Round> rounds;

  private InterleavedRuns(Path directory, List<Round> rounds) {
    this.directory = directory;
    this.rounds = List.copyOf(rounds);
  }

  public static InterleavedRuns read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new BenchmarkInputException(directory + " is not a directory of round-NN-base.json / round-NN-current.json files");
    }
    Map<Integer, Path[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(directory)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          files.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new Path[2])[m.group(2).equals("base") ? 0 : 1] = p;
        }
      }
    } catch (IOException e) {
      throw new BenchmarkInputException("cannot list " + directory + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new BenchmarkInputException(directory + " holds no round-NN-base.json / round-NN-current.json files:"
          + " did the benchmark runs fail before writing results?");
    }
    List<Round> rounds = new ArrayList<>();
    for (Map.Entry<Integer, Path[]> e : files.entrySet()) {
      Path[] pair = e.getValue();
      if (pair[0] == null || pair[1] == null) {
        throw new BenchmarkInputException("round " + e.getKey() + " in " + directory + " has no "
            + (pair[0] == null ? "base" : "current") + " result file; every round needs both sides");
      }
      rounds.add(new Round(e.getKey(), JmhJsonReader.read(pair[0]), JmhJsonReader.read(pair[1])));
    }
    requireOneDataset(rounds);
    return new InterleavedRuns(directory, rounds);
  }

  private static void requireOneDataset(List<Round> rounds) {
    Round first = rounds.get(0);
    for (Round r : rounds) {
      for (BenchmarkRun run : List.of(r.base(), r.current())) {
        if (!Objects.equals(run.fingerprints(), first.base().fingerprints())
            || !Objects.equals(run.datasetRows(), first.base().datasetRows())) {
          throw new BenchmarkInputException(run.source() + " measured another dataset (fingerprint " + run.fingerprints()
              + ", rows " + run.datasetRows() + ") than " + first.base().source() + " (" + first.base().fingerprints()
              + ", " + first.base().datasetRows() + "): base and current must run on the same data");
        }
      }
    }
  }

  public Path directory() {
    return directory;
  }

  public List<Round> rounds() {
    return rounds;
  }
}
