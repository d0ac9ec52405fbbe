package org.voicebot.testcalls.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.voicebot.testcalls.runner.ScenarioResult;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioStep;

/**
 * What the benchmark keeps of one call (not its events: a long soak must not grow the heap by holding
 * them). Response and barge-in times are the runner's, measured at the caller.
 */
public record CallFigures(String scenario, boolean passed, String firstFailure, List<Long> responseMs,
    List<Long> bargeInStopMs, List<Long> asrLagMs, List<Long> gatewaySpeechResponseMs,
    List<Long> gatewayDtmfResponseMs) {

  public static CallFigures of(Scenario scenario, ScenarioResult r) {
    return new CallFigures(r.name(), r.passed(), r.passed() ? null : r.failures().get(0).expected(),
        r.responseMs(), assertsBotKeepsTalking(scenario) ? List.of() : r.bargeInStopMs(), asrLag(r.events()),
        gatewayResponse(r.events(), "caller_speech_ended"), gatewayResponse(r.events(), "dtmf"));
  }

  static CallFigures failed(String scenario, String why) {
    return new CallFigures(scenario, false, why, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * The gateway's own view of response time (as {@code voicebot_response_latency_seconds}): from the
   * caller's last sound as the gateway heard it ({@code caller_speech_ended}'s {@code speech_end_ms}; the
   * event itself comes an end-of-turn silence later), or the last {@code dtmf}, to the next
   * {@code bot_utterance_started}; only turns that ended with {@code endType}. Set beside the caller's
   * figure, the difference is transport and the gateway's own lateness.
   */
  static List<Long> gatewayResponse(List<JsonObject> events, String endType) {
    List<Long> out = new ArrayList<>();
    Long pending = null;
    String pendingType = null;
    for (JsonObject e : events) {
      String type = e.getString("type", "");
      if ("caller_speech_ended".equals(type) || "dtmf".equals(type)) {
        Long end = "caller_speech_ended".equals(type) ? e.getLong("speech_end_ms") : null;
        pending = end != null ? end : e.getLong("t_ms");
        pendingType = type;
      } else if ("bot_utterance_started".equals(type) && pending != null) {
        Long t = e.getLong("t_ms");
        if (endType.equals(pendingType) && t != null && t >= pending) {
          out.add(t - pending);
        }
        pending = null;
      }
    }
    return out;
  }

  /**
   * A scenario whose caller talks over a prompt said with barge-in off (and asserts it was not
   * interrupted) measures the prompt playing on, not a stop: its "stop" time is no barge-in figure.
   */
  static boolean assertsBotKeepsTalking(Scenario s) {
    for (ScenarioStep step : s.steps()) {
      if (step instanceof ScenarioStep.Expect e && e.conditions().eventsExclude() != null
          && e.conditions().eventsExclude().stream().anyMatch(x -> x.replace(" ", "").contains("\"interrupted\":true"))
          && s.steps().stream().anyMatch(x -> x instanceof ScenarioStep.Say say && say.speech().bargeIn())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Recognition lag as the gateway sees it: from each {@code caller_speech_ended} to the final
   * {@code transcript} that follows it, on the call's own clock ({@code t_ms}). An utterance with no
   * final transcript before the caller's next one gives no sample.
   */
  static List<Long> asrLag(List<JsonObject> events) {
    List<Long> out = new ArrayList<>();
    Long pendingEnd = null;
    for (JsonObject e : events) {
      String type = e.getString("type", "");
      if ("caller_speech_ended".equals(type)) {
        pendingEnd = e.getLong("t_ms");
      } else if ("transcript".equals(type) && !Boolean.FALSE.equals(e.getValue("final")) && pendingEnd != null) {
        Long t = e.getLong("t_ms");
        if (t != null && t >= pendingEnd) {
          out.add(t - pendingEnd);
        }
        pendingEnd = null;
      }
    }
    return out;
  }
}
