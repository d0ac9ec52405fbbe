package org.voicebot.testcalls.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The service-level objective a concurrency level must hold (issue 7): p95 response at most 800 ms,
 * p95 barge-in stop at most 150 ms, no playout underruns, no failed calls (blocked-thread warnings
 * count as failures). A level with no response samples, or no calls at all, does not hold: nothing
 * was shown.
 */
public record Slo(long maxResponseP95Ms, long maxBargeInStopP95Ms, long maxPlayoutUnderruns, long maxFailedCalls) {

  public static final Slo DEFAULT = new Slo(800, 150, 0, 0);

  /** What broke, one line each; empty when the level held. */
  public List<String> violations(LevelResult r) {
    List<String> out = new ArrayList<>();
    if (r.callsEnded() == 0) {
      out.add("no call completed");
    }
    if (r.response().p95() == null) {
      out.add("no response was measured");
    } else if (r.response().p95() > maxResponseP95Ms) {
      out.add("response p95 " + r.response().p95() + " ms > " + maxResponseP95Ms + " ms");
    }
    // A level whose calls happened to include no barge-in has nothing to say about barge-in.
    if (r.bargeInStop().p95() != null && r.bargeInStop().p95() > maxBargeInStopP95Ms) {
      out.add("barge-in stop p95 " + r.bargeInStop().p95() + " ms > " + maxBargeInStopP95Ms + " ms");
    }
    if (r.playoutUnderruns() > maxPlayoutUnderruns) {
      out.add(r.playoutUnderruns() + " playout underruns");
    }
    if (r.callsFailed() > maxFailedCalls) {
      out.add(r.callsFailed() + " failed calls (" + r.failedScenarios() + " scenario failures, "
          + r.blockedThreadWarnings() + " blocked-thread warnings)");
    }
    return out;
  }

  public boolean holds(LevelResult r) {
    return violations(r).isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject().put("response_p95_ms_max", maxResponseP95Ms)
        .put("barge_in_stop_p95_ms_max", maxBargeInStopP95Ms)
        .put("playout_underruns_max", maxPlayoutUnderruns)
        .put("calls_failed_max", maxFailedCalls);
  }
}
