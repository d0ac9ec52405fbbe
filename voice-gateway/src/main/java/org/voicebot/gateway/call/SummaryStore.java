package org.voicebot.gateway.call;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.voicebot.dialog.HandoffSummary;

/**
 * Handoff summaries by call: the JSON an agent's screen shows and the 8 kHz WAV the queue plays to
 * the agent before bridging. Bounded: the oldest entries go first.
 */
public final class SummaryStore {

  private final int capacity;
  private final Map<String, Entry> byCall = new ConcurrentHashMap<>();

  private record Entry(long seq, JsonObject json, Buffer wav) {}

  private long seq;

  public SummaryStore(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void put(String callId, HandoffSummary summary, Buffer wav) {
    byCall.put(callId, new Entry(seq++, toJson(callId, summary), wav));
    if (byCall.size() > capacity) {
      byCall.entrySet().stream().min((a, b) -> Long.compare(a.getValue().seq(), b.getValue().seq()))
          .ifPresent(e -> byCall.remove(e.getKey()));
    }
  }

  public Optional<JsonObject> json(String callId) {
    return Optional.ofNullable(byCall.get(callId)).map(Entry::json);
  }

  public Optional<Buffer> wav(String callId) {
    return Optional.ofNullable(byCall.get(callId)).map(Entry::wav).filter(b -> b != null && b.length() > 0);
  }

  static JsonObject toJson(String callId, HandoffSummary s) {
    return new JsonObject()
        .put("call_id", callId)
        .put("caller_id", s.callerId())
        .put("intent", s.intent())
        .put("reason", s.reason().wire())
        .put("frustration", Math.round(s.frustration() * 100) / 100.0)
        .put("facts", s.facts())
        .put("next_step", s.nextStep())
        .put("text", s.text());
  }
}
