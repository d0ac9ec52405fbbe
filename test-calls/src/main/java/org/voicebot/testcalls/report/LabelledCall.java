package org.voicebot.testcalls.report;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One scenario's call as the report sees it: its label, whether its own expectations held, its event log. */
public record LabelledCall(String name, Label label, boolean passed, List<JsonObject> events) {

  public LabelledCall {
    events = List.copyOf(events);
  }
}
