package org.voicebot.gateway.call;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.voicebot.dialog.HandoffSummary;

/**
 * Handoff summaries by call: the JSON an agent's screen shows and the 8 kHz WAV the queue plays to
 * the agent before bridging. Bounded: the oldest entries go first. It also remembers whether each WAV
 * has been fetched, so a stopping gateway can serve the briefings it just handed out until they are.
 */
public final class SummaryStore {

  private final int capacity;
  private final Map<String, Entry> byCall = new ConcurrentHashMap<>();

  private static final class Entry {
    final long seq;
    final JsonObject json;
    final Buffer wav;
    volatile boolean fetched;

    Entry(long seq, JsonObject json, Buffer wav) {
      this.seq = seq;
      this.json = json;
      this.wav = wav;
    }
  }

  private long seq;

  public SummaryStore(int capacity) {
    this.capacity = capacity;
  }

  public void put(String callId, HandoffSummary summary, Buffer wav) {
    store(callId, toJson(callId, summary), wav);
  }

  /** A call without a summary of its own (media lost before the dialog ran, a recovered caller): {@code text} only. */
  public void putWithoutSummary(String callId, String text, Buffer wav) {
    store(callId, new JsonObject().put("call_id", callId).put("text", text), wav);
  }

  private synchronized void store(String callId, JsonObject json, Buffer wav) {
    byCall.put(callId, new Entry(seq++, json, wav));
    if (byCall.size() > capacity) {
      byCall.entrySet().stream().min((a, b) -> Long.compare(a.getValue().seq, b.getValue().seq))
          .ifPresent(e -> byCall.remove(e.getKey()));
    }
  }

  public Optional<JsonObject> json(String callId) {
    return Optional.ofNullable(byCall.get(callId)).map(e -> e.json);
  }

  /** The briefing audio; present only when there is some (an entry whose rendering failed has none). */
  public Optional<Buffer> wav(String callId) {
    return Optional.ofNullable(byCall.get(callId)).map(e -> e.wav).filter(b -> b != null && b.length() > 0);
  }

  /** {@link #wav} for the HTTP API: the same, and the briefing counts as fetched. */
  public Optional<Buffer> fetchWav(String callId) {
    Entry e = byCall.get(callId);
    if (e == null || e.wav == null || e.wav.length() == 0) {
      return Optional.empty();
    }
    e.fetched = true;
    return Optional.of(e.wav);
  }

  /** True once the call's briefing audio was served (or when there is none to serve). */
  public boolean fetched(String callId) {
    Entry e = byCall.get(callId);
    return e == null || e.wav == null || e.fetched;
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
