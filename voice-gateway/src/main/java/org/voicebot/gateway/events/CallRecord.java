package org.voicebot.gateway.events;

import java.time.Instant;

/**
 * What the event log knows about one call, derived from its events. Absent values are null.
 *
 * @param callerId from {@code call_started}'s {@code caller_id}, or null
 * @param started wall-clock time the log saw the call's first event
 * @param ended wall-clock time of {@code call_ended}, or null while the call is live
 * @param outcome {@code call_ended}'s outcome ({@code resolved}, {@code transferred}, ...), or null
 * @param lastFrustration the latest {@code frustration} score, 0 before the first one
 * @param transferReason the {@code transfer} event's reason, or null when never transferred
 * @param lastIntent the latest {@code intent} name, or null
 * @param eventCount how many events the call has so far
 */
public record CallRecord(
    String callId,
    String callerId,
    Instant started,
    Instant ended,
    String outcome,
    double lastFrustration,
    String transferReason,
    String lastIntent,
    int eventCount) {

  public boolean active() {
    return ended == null;
  }
}
