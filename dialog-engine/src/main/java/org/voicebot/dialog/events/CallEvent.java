package org.voicebot.dialog.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a call's event log: the spine of the system. Metrics, the test-call runner, the agent
 * view and the handoff summary all read these instead of poking into internals.
 *
 * <p>{@code data} holds the type's own fields (for example {@code text}, {@code interrupted}), already
 * redacted: personal data such as card numbers never enters an event.
 */
public record CallEvent(String callId, long tMs, EventType type, Map<String, Object> data) {

  public CallEvent {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(type, "type");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public static CallEvent of(String callId, long tMs, EventType type, Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keyValues must come in pairs");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new CallEvent(callId, tMs, type, data);
  }

  public String text(String key) {
    Object v = data.get(key);
    return v == null ? null : v.toString();
  }
}
