package dev.mallard.bench.lockstep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Two benchmark runs, BASE and CURRENT, taking turns one iteration at a time on one machine, so that
 * an iteration of one is measured seconds, not a minute, from the same iteration of the other and a
 * drift in the machine's speed falls on both (results/gate-noise: ±6% over tens of seconds, which
 * comparing whole forks cannot cancel). Nothing of one side runs during the other's turn but idle
 * threads: a side starts iteration {@code i} only while its peer waits at its own next iteration.
 *
 * <p>The order is ABAB (first 0, second 0, first 1, second 1, ...), so every iteration but the very
 * first runs right after one of the other side's. On this machine an operation that follows the
 * other side's is 4-7% slower than one that follows its own (results/gate-proof-lockstep): in an
 * ABBA order, where half of each side's operations follow their own, single pairs swung by that
 * much. Which side goes first is the caller's choice (gate.sh alternates it by round).
 *
 * <p>Each side owns one file in a directory both can read, holding its state as one number:
 * {@code 3i + 1} waiting at iteration {@code i}, {@code 3i + 2} running it, {@code 3i + 3} done
 * with it; {@value #FINISHED} once its whole run has ended (the script writes that, since only the
 * script knows), after which the other side runs alone. Files, rather than sockets or shared
 * memory, because the sides are separate JVMs of possibly different builds, and a person can
 * {@code cat} them when a run hangs. A new JVM (the next fork) resumes from the number it finds, so
 * the counting spans all forks of one run.
 */
public final class Lockstep {

  /** The state a side's run script writes when that run has ended, however it ended. */
  public static final String FINISHED = "finished";

  private static final long POLL_MILLIS = 2;

  /** The two sides of the comparison; each owns the state file named after it. */
  public enum Side {
    BASE, CURRENT;

    Side peer() {
      return this == BASE ? CURRENT : BASE;
    }

    public static Side parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("lockstep side must be base or current, got '" + name + "'", e);
      }
    }
  }

  private final Path mine;
  private final Path peers;
  private final Side side;
  private final Side first;
  private final Duration patience;
  private long iteration;

  /**
   * @param first the side that runs first at every iteration
   * @param patience how long to wait for the peer's turn before giving up: longer than the peer's
   *     slowest iteration plus a fork's start and trial setup
   */
  public Lockstep(Path directory, Side side, Side first, Duration patience) {
    this.mine = directory.resolve(side.name().toLowerCase(Locale.ROOT));
    this.peers = directory.resolve(side.peer().name().toLowerCase(Locale.ROOT));
    this.side = side;
    this.first = first;
    this.patience = patience;
    this.iteration = Math.max(0, read(mine)) / 3;
  }

  /** Blocks until this side may run its next iteration. */
  public void awaitTurn() throws InterruptedException {
    write(3 * iteration + 1);
    long peerDoneBefore = first == side ? iteration : iteration + 1;
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      long peer = read(peers);
      boolean finished = peer == Long.MAX_VALUE;
      boolean idle = peer > 0 && peer % 3 == 1;
      if (finished || (idle && peer / 3 >= peerDoneBefore)) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(side + " waited " + patience + " for " + side.peer() + " at iteration "
            + iteration + " (its state: " + describe(peer) + " in " + peers + "): did the other run stop or "
            + "measure different benchmarks?");
      }
      Thread.sleep(POLL_MILLIS);
    }
    write(3 * iteration + 2);
  }

  /** Hands the turn over: this side's iteration has ended. */
  public void endTurn() {
    write(3 * iteration + 3);
    iteration++;
  }

  private void write(long state) {
    try {
      Path next = mine.resolveSibling(mine.getFileName() + ".next");
      Files.writeString(next, Long.toString(state), StandardCharsets.US_ASCII);
      Files.move(next, mine, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("lockstep: cannot write " + mine, e);
    }
  }

  /** A side's state; -1 before it first arrived, {@link Long#MAX_VALUE} once finished. */
  private static long read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("lockstep: cannot read " + file, e);
    }
    if (text.equals(FINISHED)) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("lockstep: " + file + " holds '" + text + "', not a state", e);
    }
  }

  private static String describe(long state) {
    if (state < 0) {
      return "not started";
    }
    String[] phases = {"done with", "waiting at", "running"};
    long iteration = state % 3 == 0 ? state / 3 - 1 : state / 3;
    return phases[(int) (state % 3)] + " iteration " + iteration;
  }
}
