package org.voicebot.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's health: {@code UP}, {@code DEGRADED} (serving, but something is off: say ARI is
 * reconnecting or the ASR fell back to DTMF only) or {@code DOWN}, with one line per component
 * ({@code ari: connected}, {@code asr: sphinx}).
 */
public record Health(Status status, Map<String, String> components) {

  public enum Status { UP, DEGRADED, DOWN }

  public Health {
    Objects.requireNonNull(status, "status");
    components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
  }

  public static Health up(Map<String, String> components) {
    return new Health(Status.UP, components);
  }

  /** {@code {"status":"UP","components":{"ari":"connected",...}}} */
  public JsonObject toJson() {
    JsonObject c = new JsonObject();
    components.forEach(c::put);
    return new JsonObject().put("status", status.name()).put("components", c);
  }
}
