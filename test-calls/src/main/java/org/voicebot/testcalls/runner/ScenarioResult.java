package org.voicebot.testcalls.runner;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** What happened when one scenario ran. */
public record ScenarioResult(Path file, String name, String callId, boolean passed, List<Failure> failures,
    List<JsonObject> events, List<Long> responseMs, List<Long> bargeInStopMs, long durationMs) {

  /** One unmet expectation, or a runner error. */
  public record Failure(int step, String expected, String actual) {
    @Override
    public String toString() {
      return "step " + step + ": expected " + expected + ", got " + actual;
    }
  }

  public JsonObject toJson() {
    JsonArray f = new JsonArray();
    failures.forEach(x -> f.add(new JsonObject().put("step", x.step()).put("expected", x.expected())
        .put("actual", x.actual())));
    return new JsonObject().put("file", file.toString()).put("name", name).put("call_id", callId)
        .put("passed", passed).put("failures", f).put("events", new JsonArray(List.copyOf(events)))
        .put("metrics", new JsonObject().put("response_ms", new JsonArray(List.copyOf(responseMs)))
            .put("barge_in_stop_ms", new JsonArray(List.copyOf(bargeInStopMs))))
        .put("duration_ms", durationMs);
  }
}
