package org.voicebot.testcalls.runner;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Where the runner reads a call's event log: the in-process gateway, or a running one over HTTP. */
public interface CallLog {

  /** The call's events so far, in order, as the gateway's JSON. */
  List<JsonObject> events(String callId);
}
