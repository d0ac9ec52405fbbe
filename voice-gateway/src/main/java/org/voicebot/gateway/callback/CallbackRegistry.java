package org.voicebot.gateway.callback;

import io.vertx.core.json.JsonArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Callback requests for the agents ({@code GET /callbacks}), newest first; bounded, the oldest go first. */
public final class CallbackRegistry {

  private final int capacity;
  private final Deque<CallbackRequest> requests = new ArrayDeque<>();

  public CallbackRegistry(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(CallbackRequest r) {
    requests.addFirst(r);
    while (requests.size() > capacity) {
      requests.removeLast();
    }
  }

  public synchronized List<CallbackRequest> list() {
    return new ArrayList<>(requests);
  }

  public JsonArray json() {
    JsonArray a = new JsonArray();
    list().forEach(r -> a.add(r.toJson()));
    return a;
  }
}
