package org.voicebot.testcalls.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Percentiles of a set of millisecond samples, nearest-rank (the smallest sample with at least q of
 * the samples at or below it: a reported p95 is a value some call really saw). Empty: every figure null.
 */
public record Distribution(int count, Long p50, Long p95, Long p99, Long max) {

  public static final Distribution EMPTY = new Distribution(0, null, null, null, null);

  public static Distribution of(Collection<Long> samples) {
    if (samples.isEmpty()) {
      return EMPTY;
    }
    List<Long> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    return new Distribution(sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.95),
        percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
  }

  /** Nearest-rank percentile of ascending samples; {@code q} in (0, 1]. */
  static long percentile(List<Long> ascending, double q) {
    if (ascending.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    int rank = (int) Math.ceil(q * ascending.size());
    return ascending.get(Math.max(1, Math.min(rank, ascending.size())) - 1);
  }

  public JsonObject toJson() {
    return new JsonObject().put("count", count).put("p50", p50).put("p95", p95).put("p99", p99).put("max", max);
  }
}
