package org.voicebot.testcalls.bench;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one run at one concurrency. Calls counted are those started within the duration
 * (the ones in flight at the end were let finish and are included).
 *
 * @param callsStarted calls the caller loops placed
 * @param callsEnded calls that came back with a result (passed or not)
 * @param callsPassed calls whose scenario held in every step
 * @param failureKinds first failed expectation of each failed call, by what was expected (count)
 * @param gatewayOutcomes {@code call_ended} outcomes as the gateway published them during the run
 * @param cpuPercent process CPU time over wall time, 100 = one core busy (2 cores = 200)
 * @param rssMbPerCall (peak RSS during - RSS idle before the first level) / concurrency
 * @param gatewaySpeechResponse the gateway's clock: {@code caller_speech_ended} to the bot's next utterance
 * @param gatewayDtmfResponse the gateway's clock: last {@code dtmf} to the bot's next utterance
 */
public record LevelResult(int concurrency, int durationS, long wallMs, int callsStarted, int callsEnded,
    int callsPassed, Map<String, Integer> failureKinds, long blockedThreadWarnings, Distribution response,
    Distribution bargeInStop, Distribution asrLag, long synthesisGapFrames, long clockLate, double cpuPercent,
    double rssMbIdle, double rssMbPeak, double rssMbPerCall, int gatewayCallsStarted, int gatewayCallsEnded,
    Map<String, Integer> gatewayOutcomes, Distribution gatewaySpeechResponse, Distribution gatewayDtmfResponse) {

  public int failedScenarios() {
    return callsEnded - callsPassed;
  }

  /** Failed scenario calls plus Vert.x blocked-thread warnings (each counts as a failure here). */
  public long callsFailed() {
    return failedScenarios() + blockedThreadWarnings;
  }

  public long playoutUnderruns() {
    return synthesisGapFrames + clockLate;
  }

  /** The fields (and a few more) for this level. */
  public JsonObject toJson(Slo slo) {
    return new JsonObject()
        .put("concurrent_calls", concurrency)
        .put("duration_s", durationS)
        .put("wall_s", round1(wallMs / 1000.0))
        .put("calls_started", callsStarted)
        .put("calls_ended", callsEnded)
        .put("calls_completed", callsPassed)
        .put("calls_failed", callsFailed())
        .put("failures", new JsonObject().put("scenario_failures", failedScenarios())
            .put("blocked_thread_warnings", blockedThreadWarnings)
            .put("by_expectation", new JsonObject(Map.copyOf(new TreeMap<String, Object>(failureKinds)))))
        .put("response_ms", response.toJson())
        .put("barge_in_stop_ms", bargeInStop.toJson())
        .put("playout_underruns", playoutUnderruns())
        .put("playout_underruns_by_kind", new JsonObject().put("synthesis_gap_frames", synthesisGapFrames)
            .put("clock_late", clockLate))
        .put("asr_lag_ms", asrLag.toJson())
        .put("gateway_response_ms", new JsonObject().put("after_speech", gatewaySpeechResponse.toJson())
            .put("after_dtmf", gatewayDtmfResponse.toJson()))
        .put("cpu_percent", round1(cpuPercent))
        .put("rss_mb", round1(rssMbPeak))
        .put("rss_mb_idle", round1(rssMbIdle))
        .put("rss_mb_per_call", round1(rssMbPerCall))
        .put("gateway", new JsonObject().put("calls_started", gatewayCallsStarted)
            .put("calls_ended", gatewayCallsEnded)
            .put("outcomes", new JsonObject(Map.copyOf(new TreeMap<String, Object>(gatewayOutcomes)))))
        .put("slo_held", slo.holds(this))
        .put("slo_violations", new io.vertx.core.json.JsonArray(slo.violations(this)));
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
