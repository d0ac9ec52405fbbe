package org.voicebot.testcalls.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON report and the table printed at the end. */
public final class BenchReport {

  /** What the capacity figure is based on. */
  public record Capacity(Integer maxCalls, String method, Integer firstBroken) {}

  private BenchReport() {}

  /**
   * The headline level's figures at the top level (the single run's, or with {@code --find-capacity}
   * the highest level that held, else the first level), then {@code capacity}, every level, the soak
   * checks (null when not asked for) and how the figures were taken.
   */
  public static JsonObject build(LevelResult headline, List<LevelResult> levels, Capacity capacity, Slo slo,
      SoakCheck soak, JsonObject setup) {
    JsonObject json = headline.toJson(slo);
    json.put("capacity", new JsonObject().put("max_calls", capacity.maxCalls()).put("method", capacity.method())
        .put("first_broken", capacity.firstBroken()).put("slo", slo.toJson()));
    JsonArray arr = new JsonArray();
    levels.forEach(l -> arr.add(l.toJson(slo)));
    json.put("levels", arr);
    json.put("soak", soak == null ? null : soak.toJson());
    json.put("setup", setup);
    json.put("conventions", new JsonObject()
        .put("response_ms", "at the simulated caller: from the caller's last sounding 20 ms frame (or last DTMF key)"
            + " to the first bot frame above -40 dBFS; nearest-rank percentiles over every caller turn answered")
        .put("barge_in_stop_ms", "from the caller's first sounding frame over an interruptible prompt to the first"
            + " of 5 silent bot frames (scenarios asserting a prompt plays on are left out)")
        .put("asr_lag_ms", "gateway clock: caller_speech_ended to the final transcript")
        .put("gateway_response_ms", "gateway clock, as voicebot_response_latency_seconds: the caller's last"
            + " sounding frame as the gateway heard it (caller_speech_ended.speech_end_ms) or the last dtmf, to the"
            + " next bot_utterance_started; the end-of-turn silence is inside it, as in response_ms")
        .put("playout_underruns", "20 ms ticks inside a bot utterance with no audio ready (synthesis_gap_frames)"
            + " plus clock resyncs after a late event loop (clock_late)")
        .put("calls_failed", "calls whose scenario failed, plus one per Vert.x blocked-thread warning")
        .put("cpu_percent", "process CPU time / wall time over the run, 100 = one core; the simulated callers run"
            + " in the same process (their phrases are pre-rendered before the run)")
        .put("rss_mb", "peak VmRSS during the run; rss_mb_per_call = (peak - idle before the first level) /"
            + " concurrency (the JVM does not give memory back, so later levels understate it)"));
    return json;
  }

  /** One row per level, in run order. */
  public static String table(List<LevelResult> levels, Slo slo) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%5s %6s %6s %6s | %6s %6s %6s | %7s %7s | %6s %7s %7s | %6s %6s %6s | %s%n", "calls",
        "ended", "passed", "failed", "p50", "p95", "p99", "bi p50", "bi p95", "underr", "asr p95", "gw p95",
        "cpu%", "rssMB", "MB/call", "SLO"));
    for (LevelResult r : levels) {
      List<String> v = slo.violations(r);
      sb.append(String.format("%5d %6d %6d %6d | %6s %6s %6s | %7s %7s | %6d %7s %7s | %6.0f %6.0f %6.1f | %s%n",
          r.concurrency(), r.callsEnded(), r.callsPassed(), r.callsFailed(), ms(r.response().p50()),
          ms(r.response().p95()), ms(r.response().p99()), ms(r.bargeInStop().p50()), ms(r.bargeInStop().p95()),
          r.playoutUnderruns(), ms(r.asrLag().p95()), ms(r.gatewaySpeechResponse().p95()), r.cpuPercent(), r.rssMbPeak(), r.rssMbPerCall(),
          v.isEmpty() ? "held" : "broken: " + String.join("; ", v)));
    }
    sb.append("(latencies in ms at the caller; bi = barge-in stop; underr = playout underruns; gw = the gateway's"
        + " own caller's last sound -> bot reply; cpu 100% = one core)");
    return sb.toString();
  }

  private static String ms(Long v) {
    return v == null ? "-" : v.toString();
  }
}
