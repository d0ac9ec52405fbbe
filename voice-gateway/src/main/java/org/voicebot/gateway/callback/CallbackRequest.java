package org.voicebot.gateway.callback;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A caller asked to be called back after no agent answered.
 *
 * @param id this request's id
 * @param callId the bot's call whose summary the agent should read first (empty when the bot never had the call)
 * @param callerId the number to call back, as Asterisk gave it
 * @param summaryUrl the briefing WAV of that call, as the dialplan passed it (empty when none)
 * @param channel the Asterisk channel that asked
 * @param how keypad or speech
 */
public record CallbackRequest(String id, String callId, String callerId, String summaryUrl, String channel,
    Instant requestedAt, String how) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("call_id", callId).put("caller_id", callerId)
        .put("summary_url", summaryUrl).put("summary", callId.isEmpty() ? "" : "/calls/" + callId + "/summary")
        .put("channel", channel).put("requested_at", requestedAt.toString()).put("how", how);
  }
}
