package org.voicebot.testcalls.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The long-run checks: every call accounted for (the gateway saw as many end as start, each with an
 * outcome; the caller loops got every call back), no session left open, and no growth of heap after GC,
 * live threads or open file descriptors between the start (after warm-up) and the end (calls drained).
 *
 * <p>Heap may grow by {@link #HEAP_SLACK_MB} or 10 %, whichever is more: the gateway keeps bounded
 * histories (the last {@code events.retainedCalls} calls' events, the last 1000 hand-over briefings
 * with their audio) that fill during a run without being a leak. Threads may not grow. Descriptors may
 * grow by two per concurrent call: the gateway's HTTP client keeps idle keep-alive connections to the
 * backend (both ends are in this process), at most one per call in flight; a leak of one per call
 * still shows after a few calls more than the concurrency.
 */
public record SoakCheck(int concurrency, int runnerStarted, int runnerEnded, int gatewayStarted, int gatewayEnded,
    Map<String, Integer> outcomes, int stuckSessions, Sample start, Sample end, List<Sample> perMinute) {

  static final double HEAP_SLACK_MB = 16;

  /** One reading of the process. */
  public record Sample(long atS, double heapAfterGcMb, int threads, int fds) {
    /** Forces a full GC first: only outside the measured run. */
    public static Sample now(long atS) {
      return new Sample(atS, ProcessProbe.heapAfterGcMb(), ProcessProbe.liveThreads(), ProcessProbe.openFds());
    }

    /** During the run: heap after the JVM's own latest collections, no forced GC. */
    public static Sample duringRun(long atS) {
      return new Sample(atS, ProcessProbe.heapAfterLastGcMb(), ProcessProbe.liveThreads(), ProcessProbe.openFds());
    }

    JsonObject toJson() {
      return new JsonObject().put("at_s", atS).put("heap_after_gc_mb", LevelResult.round1(heapAfterGcMb))
          .put("threads", threads).put("fds", fds);
    }
  }

  /** Check name to whether it held, in a fixed order. */
  public Map<String, Boolean> checks() {
    Map<String, Boolean> c = new LinkedHashMap<>();
    c.put("every call accounted for (started = ended, each with an outcome)",
        gatewayStarted == gatewayEnded && runnerStarted == runnerEnded && !outcomes.containsKey("(none)"));
    c.put("no stuck sessions", stuckSessions == 0);
    c.put("no heap growth after GC", end.heapAfterGcMb()
        <= start.heapAfterGcMb() + Math.max(HEAP_SLACK_MB, 0.10 * start.heapAfterGcMb()));
    c.put("no thread growth", end.threads() <= start.threads());
    c.put("no file descriptors leaked", end.fds() <= start.fds() + 2 * concurrency);
    return c;
  }

  public boolean held() {
    return checks().values().stream().allMatch(Boolean::booleanValue);
  }

  public JsonObject toJson() {
    JsonArray minutes = new JsonArray();
    perMinute.forEach(s -> minutes.add(s.toJson()));
    JsonObject checks = new JsonObject();
    checks().forEach(checks::put);
    List<String> failed = new ArrayList<>();
    checks().forEach((k, v) -> {
      if (!v) {
        failed.add(k);
      }
    });
    return new JsonObject()
        .put("calls_started", gatewayStarted)
        .put("calls_ended", gatewayEnded)
        .put("runner_calls_started", runnerStarted)
        .put("runner_calls_ended", runnerEnded)
        .put("outcomes", new JsonObject(Map.copyOf(new TreeMap<String, Object>(outcomes))))
        .put("stuck_sessions", stuckSessions)
        .put("heap_after_gc_mb", new JsonObject().put("start", LevelResult.round1(start.heapAfterGcMb()))
            .put("end", LevelResult.round1(end.heapAfterGcMb())))
        .put("threads", new JsonObject().put("start", start.threads()).put("end", end.threads()))
        .put("fds", new JsonObject().put("start", start.fds()).put("end", end.fds()))
        .put("per_minute", minutes)
        .put("per_minute_note", "heap_after_gc_mb per minute is the heap after the JVM's latest own collections"
            + " (no forced GC during the run); start and end are after a forced full GC")
        .put("checks", checks)
        .put("held", failed.isEmpty());
  }
}
