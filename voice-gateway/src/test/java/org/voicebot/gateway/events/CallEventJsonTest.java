package org.voicebot.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;

class CallEventJsonTest {

  @Test
  void envelopeThenDataFields() {
    JsonObject json = CallEventJson.toJson(
        CallEvent.of("c1", 1234, EventType.TRANSCRIPT, "text", "my card is [redacted]", "final", true, "confidence", 0.82));
    assertThat(json.encode()).isEqualTo(
        "{\"call_id\":\"c1\",\"t_ms\":1234,\"type\":\"transcript\",\"text\":\"my card is [redacted]\",\"final\":true,\"confidence\":0.82}");
  }

  @Test
  void listsAndMapsBecomeJsonArraysAndObjects() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("weight", 0.3);
    nested.put("tags", List.of("loud", "fast"));
    JsonObject json = CallEventJson.toJson(CallEvent.of("c1", 5, EventType.FRUSTRATION,
        "score", 0.75, "cues", List.of("raised_voice", "asked_for_agent"), "detail", nested));

    assertThat(json.getValue("cues")).isInstanceOf(JsonArray.class);
    assertThat(json.getJsonArray("cues")).containsExactly("raised_voice", "asked_for_agent");
    assertThat(json.getJsonObject("detail").getJsonArray("tags")).containsExactly("loud", "fast");
    // and it survives a round trip through text
    assertThat(new JsonObject(json.encode())).isEqualTo(json);
  }

  @Test
  void envelopeFieldsCannotBeOverwrittenAndNonFiniteNumbersBecomeNull() {
    JsonObject json = CallEventJson.toJson(CallEvent.of("c1", 5, EventType.FRUSTRATION,
        "type", "spoofed", "score", Double.NaN));
    assertThat(json.getString("type")).isEqualTo("frustration");
    assertThat(json.containsKey("score")).isTrue();
    assertThat(json.getValue("score")).isNull();
    assertThat(new JsonObject(json.encode()).getString("call_id")).isEqualTo("c1");
  }

  @Test
  void callRecordJson() {
    CallRecord r = new CallRecord("c1", "+1555", Instant.parse("2026-01-01T10:00:00Z"), null, null, 0.0, null, null, 3);
    JsonObject json = CallEventJson.toJson(r);
    assertThat(json.getString("call_id")).isEqualTo("c1");
    assertThat(json.getBoolean("active")).isTrue();
    assertThat(json.getString("started")).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(json.getValue("ended")).isNull();
    assertThat(json.getInteger("events")).isEqualTo(3);
  }
}
