package org.voicebot.testcalls.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.events.CallEventLog;

/**
 * Calls as the gateway saw them, from its event stream: which started, which ended and how. Independent
 * of the caller loops, so that "every call accounted for" is checked against the server, not the runner.
 */
public final class GatewayTally implements AutoCloseable {

  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Map<String, String> ended = new ConcurrentHashMap<>();
  private final CallEventLog.Subscription subscription;

  public GatewayTally(CallEventLog log) {
    subscription = log.subscribe(this::onEvent);
  }

  void onEvent(CallEvent e) {
    if (e.type() == EventType.CALL_STARTED) {
      started.add(e.callId());
    } else if (e.type() == EventType.CALL_ENDED) {
      String outcome = e.text("outcome");
      ended.putIfAbsent(e.callId(), outcome == null || outcome.isBlank() ? "(none)" : outcome);
    }
  }

  public int started() {
    return started.size();
  }

  public int ended() {
    return ended.size();
  }

  /** Started and not (yet) ended. */
  public int open() {
    int n = 0;
    for (String id : started) {
      if (!ended.containsKey(id)) {
        n++;
      }
    }
    return n;
  }

  public Map<String, Integer> outcomes() {
    Map<String, Integer> out = new TreeMap<>();
    ended.values().forEach(o -> out.merge(o, 1, Integer::sum));
    return out;
  }

  @Override
  public void close() {
    subscription.close();
  }
}
