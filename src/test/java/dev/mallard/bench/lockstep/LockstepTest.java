package dev.mallard.bench.lockstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.bench.lockstep.Lockstep.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two sides taking turns through the files of one directory, as two JMH runs do in the gate. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LockstepTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void theSidesTakeTurnsFirstSideFirstAcrossForksAndNeverOverlap() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // base starts first, so current cannot win by being first to arrive
      Future<?> base = pool.submit(() -> run(Side.BASE, order, running, overlaps));
      Thread.sleep(50);
      Future<?> current = pool.submit(() -> run(Side.CURRENT, order, running, overlaps));
      current.get(30, TimeUnit.SECONDS);
      base.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of("C0", "B0", "C1", "B1", "C2", "B2", "C3", "B3", "C4", "B4", "C5", "B5"), order);
    assertEquals(List.of(), overlaps);
  }

  /** Three forks of two iterations each, a new Lockstep per fork as a new JVM makes, then the script's marker. */
  private Void run(Side side, List<String> order, AtomicInteger running, List<String> overlaps) throws Exception {
    for (int fork = 0; fork < 3; fork++) {
      Lockstep lockstep = new Lockstep(dir, side, Side.CURRENT, PATIENCE);
      for (int i = 0; i < 2; i++) {
        lockstep.awaitTurn();
        String name = side.name().charAt(0) + Integer.toString(fork * 2 + i);
        if (running.incrementAndGet() != 1) {
          overlaps.add(name);
        }
        order.add(name);
        Thread.sleep(5);
        running.decrementAndGet();
        lockstep.endTurn();
      }
    }
    finish(side);
    return null;
  }

  /** What gate.sh does when a side's run ends: write the marker beside the state, then move it over. */
  private void finish(Side side) throws Exception {
    Path state = dir.resolve(side.name().toLowerCase());
    Path next = dir.resolve(side.name().toLowerCase() + ".next");
    Files.writeString(next, Lockstep.FINISHED);
    Files.move(next, state, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void onceThePeerHasFinishedASideRunsAlone() throws Exception {
    finish(Side.CURRENT);
    Lockstep base = new Lockstep(dir, Side.BASE, Side.CURRENT, PATIENCE);
    for (int i = 0; i < 3; i++) {
      base.awaitTurn();
      base.endTurn();
    }
    assertEquals("9", Files.readString(dir.resolve("base")), "done with iteration 2");
  }

  @Test
  void aPeerThatNeverComesIsAClearErrorAfterThePatience() {
    Lockstep base = new Lockstep(dir, Side.BASE, Side.BASE, Duration.ofMillis(100));
    IllegalStateException e = assertThrows(IllegalStateException.class, base::awaitTurn);
    assertTrue(e.getMessage().contains("BASE waited PT0.1S for CURRENT at iteration 0 (its state: not started"),
        e.getMessage());
  }

  @Test
  void theProfilerRefusesOptionsItCannotUse() {
    assertThrows(org.openjdk.jmh.profile.ProfilerException.class, () -> new LockstepProfiler("dir=" + dir + ";side=base"));
    assertThrows(org.openjdk.jmh.profile.ProfilerException.class,
        () -> new LockstepProfiler("dir=" + dir + ";side=left;first=base"));
    assertThrows(org.openjdk.jmh.profile.ProfilerException.class,
        () -> new LockstepProfiler("dir=" + dir + ";side=base;first=base;speed=fast"));
  }
}
