package org.voicebot.testcalls.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Finds the highest concurrency that holds the SLO: doubles from {@code start} until a level breaks
 * (or {@code max} is reached), then bisects between the last level that held and the first that broke.
 * Each level is one run; the result lists them in the order they ran. Assumes that breaking is
 * monotonic in concurrency (a noisy machine can make it not so: the levels are all reported).
 */
public final class CapacitySearch {

  /** The levels in run order, the highest that held (0 if none), and the lowest that broke (0 if none). */
  public record Outcome(List<LevelResult> levels, int maxHeld, int firstBroken) {}

  private CapacitySearch() {}

  public static Outcome run(int start, int max, Slo slo, IntFunction<LevelResult> runLevel) {
    if (start < 1 || max < start) {
      throw new IllegalArgumentException("need 1 <= start <= max, got start " + start + ", max " + max);
    }
    List<LevelResult> levels = new ArrayList<>();
    int held = 0;
    int broken = 0;
    int n = start;
    while (true) {
      LevelResult r = runLevel.apply(n);
      levels.add(r);
      if (slo.holds(r)) {
        held = n;
        if (n >= max) {
          return new Outcome(levels, held, 0);
        }
        n = Math.min(max, n * 2);
      } else {
        broken = n;
        break;
      }
    }
    // Bisect in (held, broken): held is known good (0 = nothing), broken known bad.
    while (broken - held > 1) {
      int mid = held + (broken - held) / 2;
      LevelResult r = runLevel.apply(mid);
      levels.add(r);
      if (slo.holds(r)) {
        held = mid;
      } else {
        broken = mid;
      }
    }
    return new Outcome(levels, held, broken);
  }
}
