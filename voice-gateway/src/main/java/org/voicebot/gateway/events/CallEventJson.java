package org.voicebot.gateway.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.voicebot.dialog.events.CallEvent;

/**
 * The wire form of events and call records: {@code {"call_id","t_ms","type", ...data fields}}, as in
 * the scenario format's "Call events". Lists and maps inside data become JSON arrays and objects;
 * enums become their lower-case names; numbers that JSON cannot hold (NaN, infinities) become null.
 */
public final class CallEventJson {

  private CallEventJson() {}

  public static JsonObject toJson(CallEvent event) {
    JsonObject json = new JsonObject();
    json.put("call_id", event.callId());
    json.put("t_ms", event.tMs());
    json.put("type", event.type().wire());
    for (Map.Entry<String, Object> e : event.data().entrySet()) {
      // The three envelope fields win over a data field of the same name.
      if (!json.containsKey(e.getKey())) {
        json.put(e.getKey(), value(e.getValue()));
      }
    }
    return json;
  }

  /** A call for the {@code /calls} listing; absent fields are null. */
  public static JsonObject toJson(CallRecord call) {
    return new JsonObject()
        .put("call_id", call.callId())
        .put("caller_id", call.callerId())
        .put("started", call.started().toString())
        .put("ended", call.ended() == null ? null : call.ended().toString())
        .put("active", call.active())
        .put("outcome", call.outcome())
        .put("frustration", finite(call.lastFrustration()))
        .put("transfer_reason", call.transferReason())
        .put("intent", call.lastIntent())
        .put("events", call.eventCount());
  }

  static Object value(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return v;
    }
    if (v instanceof Double d) {
      return finite(d);
    }
    if (v instanceof Float f) {
      return finite(f.doubleValue());
    }
    if (v instanceof java.math.BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
    }
    if (v instanceof Number n) {
      return finite(n.doubleValue()); // BigDecimal, atomics
    }
    if (v instanceof Map<?, ?> map) {
      JsonObject o = new JsonObject();
      map.forEach((k, x) -> o.put(String.valueOf(k), value(x)));
      return o;
    }
    if (v instanceof Iterable<?> list) {
      JsonArray a = new JsonArray();
      list.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Object[] array) {
      JsonArray a = new JsonArray();
      for (Object x : array) {
        a.add(value(x));
      }
      return a;
    }
    if (v instanceof Optional<?> o) {
      return o.map(CallEventJson::value).orElse(null);
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (v instanceof JsonObject || v instanceof JsonArray) {
      return v;
    }
    return v.toString(); // Instant, Duration, CharSequence, ...
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
