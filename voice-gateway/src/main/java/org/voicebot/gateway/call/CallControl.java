package org.voicebot.gateway.call;

import io.vertx.core.Future;
import java.util.Map;

/** What a call asks of its telephony edge (ARI now, FastAGI later): narrow on purpose. */
public interface CallControl {

  /** Sets the channel variables, then sends the caller to the dialplan's transfer context. */
  Future<Void> transfer(Map<String, String> variables);

  /** Sets the channel variables (outcome, summary) and hangs the caller up. */
  Future<Void> hangup(Map<String, String> variables);

  /** Frees what the edge created for this call (externalMedia channel, bridge). Idempotent. */
  Future<Void> release();
}
