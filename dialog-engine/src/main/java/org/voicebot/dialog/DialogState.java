package org.voicebot.dialog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voicebot.dialog.frustration.FrustrationState;

/**
 * Everything the dialog engine remembers about one call, immutable. The gateway keeps the latest state
 * per call and passes it back with the next event.
 *
 * @param phase where the conversation stands
 * @param currentIntent what the caller is being helped with, or null
 * @param pendingSlot the slot the bot has asked for, or null
 * @param confirmingIntent the intent the bot asked "Did you want to ...?" about, or null
 * @param slots filled slots, name -> value; sensitive values are already redacted
 * @param pendingKeys keys pressed at a slot prompt before the closing # (raw digits: do not log)
 * @param turns caller utterances so far
 * @param consecutiveFailures no-match and no-input events since the bot last understood the caller
 * @param noMatches utterances (or keys) not understood, whole call
 * @param noInputs silences, whole call
 * @param lastPrompt what the bot said last, for "repeat"
 * @param facts what the bot did and found, one redacted line each, for the agent's screen
 * @param resolved intents answered in this call
 * @param outcome how the call ended, or null while it goes on
 * @param today the call's local date, for date slots; null when unknown
 * @param rejections values the backend turned down in the current intent (a wrong account number)
 * @param secrets raw values of sensitive slots (card numbers), kept only to send to the backend; never
 *     shown by {@link #toString()}, never in events or summaries
 * @param offer the pending or declined offer of a person (frustration policy "offer a person first"), or
 *     {@link PersonOffer#NONE}
 * @param clarifyingWith with {@code confirmingIntent}, the other intent of a "Do you want to ..., or ...?" question
 *     (two intents too close to choose between), or null
 */
public record DialogState(
    String callId,
    String callerId,
    Phase phase,
    String currentIntent,
    String pendingSlot,
    String confirmingIntent,
    Map<String, String> slots,
    String pendingKeys,
    int turns,
    int consecutiveFailures,
    int noMatches,
    int noInputs,
    FrustrationState frustration,
    String lastPrompt,
    List<String> facts,
    List<String> resolved,
    CallOutcome outcome,
    java.time.LocalDate today,
    int rejections,
    Map<String, String> secrets,
    PersonOffer offer,
    String clarifyingWith) {

  /**
   * The "would you like a colleague?" offer. {@code returnPhase} and {@code resume} say where the caller was
   * and what the bot was about to say when it offered (said after a "no"); {@code declinedAt} is the lowest
   * frustration score since the caller declined (negative: never declined), the bar a new offer must clear
   * by the configured margin.
   */
  public record PersonOffer(Phase returnPhase, String resume, double declinedAt) {
    public static final PersonOffer NONE = new PersonOffer(null, null, -1);

    public boolean declined() {
      return declinedAt >= 0;
    }
  }

  /** Where the conversation stands. */
  public enum Phase {
    /** The call was not answered yet: no greeting said. */
    NOT_STARTED,
    /** Waiting for the caller to say what they want. */
    AWAITING_REQUEST,
    /** Asked "Shall I go ahead?" before a backend request that changes something (a payment). */
    CONFIRMING_REQUEST,
    /** Waiting for the backend's reply to a {@link DialogAction.CallBackend}. */
    AWAITING_BACKEND,
    /** Asked "Did you want to ...?" */
    CONFIRMING_INTENT,
    /** Asked for a slot's value. */
    COLLECTING_SLOT,
    /** Answered; asked "Is there anything else?" */
    ANYTHING_ELSE,
    /** Offered a person because the caller sounds frustrated; waiting for yes or no. */
    OFFERING_PERSON,
    /** Transferred or ended: later events change nothing. */
    ENDED
  }

  public DialogState {
    slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    facts = List.copyOf(facts);
    resolved = List.copyOf(resolved);
    pendingKeys = pendingKeys == null ? "" : pendingKeys;
    secrets = secrets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    offer = offer == null ? PersonOffer.NONE : offer;
  }

  static DialogState initial(String callId, String callerId) {
    return new DialogState(callId, callerId, Phase.NOT_STARTED, null, null, null, Map.of(), "", 0, 0, 0, 0,
        FrustrationState.initial(), null, List.of(), List.of(), null, null, 0, Map.of(), PersonOffer.NONE, null);
  }

  /** The latest frustration score, 0..1. */
  public double frustrationScore() {
    return frustration.score();
  }

  /** True once the call was transferred or ended. */
  public boolean over() {
    return phase == Phase.ENDED;
  }

  @Override
  public String toString() {
    return "DialogState[call=" + callId + ", phase=" + phase + ", intent=" + currentIntent + ", slot=" + pendingSlot
        + ", slots=" + slots + ", keys=" + pendingKeys.length() + " pressed, turns=" + turns + ", failures="
        + consecutiveFailures + ", frustration=" + frustration.score() + ", outcome=" + outcome + "]";
  }
}
