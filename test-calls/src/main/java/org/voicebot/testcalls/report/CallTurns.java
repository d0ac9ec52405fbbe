package org.voicebot.testcalls.report;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Reads one call's event log in caller turns. A caller turn is one thing the caller did: an utterance
 * (a {@code caller_speech_started} event, i.e. a {@code say} or {@code audio} step) or one keypad entry
 * (a run of {@code dtmf} events less than {@link #KEY_GAP_MS} apart with no utterance between them, i.e. a
 * {@code dtmf} step: its keys are 150 ms apart, and the bot's reaction to one key does not end the run). The turn of an event is the number of caller turns begun before it.
 */
public final class CallTurns {

  /** Keys of one dtmf step are 150 ms apart; a longer gap is a new entry. */
  static final long KEY_GAP_MS = 1000;

  /** Cues that are about the dialog failing, not about the caller's mood. */
  private static final Set<String> FAILURE_CUES = Set.of("not understood", "no answer", "progress");

  /**
   * What happened to the call.
   *
   * @param reason transfer reason, null when the call was not transferred
   * @param escalationTurn the caller turn at which the transfer came (0 = before the caller did anything), or null
   * @param firstCueTurn the caller turn of the first frustration event with a cue of the caller's own (not a
   *     no-match or no-input), or null
   * @param callerTurns caller turns in the whole call
   */
  public record Escalation(String reason, Integer escalationTurn, Integer firstCueTurn, int callerTurns) {
    public boolean escalated() {
      return reason != null;
    }
  }

  private CallTurns() {}

  public static Escalation of(List<JsonObject> events) {
    int turns = 0;
    String reason = null;
    Integer escalationTurn = null;
    Integer firstCue = null;
    boolean inKeyRun = false;
    long lastKeyMs = Long.MIN_VALUE;
    for (JsonObject e : events) {
      String type = e.getString("type", "");
      long t = e.getLong("t_ms", 0L);
      switch (type) {
        case "dtmf" -> {
          if (!inKeyRun || t - lastKeyMs > KEY_GAP_MS) {
            turns++;
          }
          inKeyRun = true;
          lastKeyMs = t;
        }
        case "caller_speech_started" -> {
          turns++;
          inKeyRun = false;
        }
        case "transfer" -> {
          if (reason == null) {
            reason = e.getString("reason", "unknown");
            escalationTurn = turns;
          }
        }
        case "frustration" -> {
          if (firstCue == null && hasCallerCue(e)) {
            firstCue = turns;
          }
        }
        default -> {
          // other events (the bot's answer, intents, slots) do not end a run of keys
        }
      }
    }
    return new Escalation(reason, escalationTurn, firstCue, turns);
  }

  private static boolean hasCallerCue(JsonObject frustration) {
    var cues = frustration.getJsonArray("cues");
    if (cues == null) {
      return false;
    }
    for (Object c : cues) {
      if (c != null && !FAILURE_CUES.contains(c.toString())) {
        return true;
      }
    }
    return false;
  }
}
