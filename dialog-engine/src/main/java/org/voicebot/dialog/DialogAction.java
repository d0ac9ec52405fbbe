package org.voicebot.dialog;

import java.util.List;

/** What the dialog engine decides; the gateway turns each action into audio, protocol calls and events. */
public sealed interface DialogAction {

  /** Speak {@code text}. {@code bargeIn=false} for prompts that must be heard in full. */
  record Say(String text, boolean bargeIn) implements DialogAction {}

  /** The caller's words (or keys) were understood as intent {@code name}. */
  /**
   * The dialog understood an intent. {@code evidence} says why (the nearest example and its raw score, "words" for a
   * command phrase or keyword, "keypad"), null when there is nothing to show (a confirmation answered).
   */
  record IntentRecognized(String name, double confidence, String runnerUp, String evidence) implements DialogAction {
    public IntentRecognized(String name, double confidence, String runnerUp) {
      this(name, confidence, runnerUp, null);
    }
  }

  /** A slot was filled; {@code value} is already redacted when the slot is sensitive. */
  record SlotFilled(String name, String value) implements DialogAction {}

  /** The frustration score moved; {@code cues} says what moved it. */
  /** The frustration score moved; {@code evidence} explains the cues of what the caller said (nearest cue example). */
  record FrustrationChanged(double score, List<String> cues, List<String> evidence) implements DialogAction {
    public FrustrationChanged(double score, List<String> cues) {
      this(score, cues, List.of());
    }
  }

  /**
   * Ask the backend: after any preceding {@link Say} has started. The gateway answers with
   * {@link DialogInput.BackendReplied} or {@link DialogInput.BackendFailed}. {@code request} holds raw
   * values, card numbers included: it goes to the backend and nowhere else (toString hides it).
   */
  record CallBackend(String intent, String operation, java.util.Map<String, String> request, boolean idempotent)
      implements DialogAction {
    public CallBackend {
      request = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(request));
    }

    @Override
    public String toString() {
      return "CallBackend[intent=" + intent + ", operation=" + operation + ", fields=" + request.keySet()
          + ", idempotent=" + idempotent + "]";
    }
  }

  /**
   * The bot offered a person because the caller sounds frustrated ({@code score}), instead of transferring
   * at once (policy {@code offerPersonFirst}).
   */
  record PersonOffered(double score) implements DialogAction {}

  /**
   * The caller's answer to {@link PersonOffered}: {@code answer} is yes, no, none (silence) or unclear;
   * {@code how} is speech, keypad or silence.
   */
  record PersonOfferAnswered(String answer, String how) implements DialogAction {}

  /** Hand the call to a human: after the gateway has played any preceding {@link Say}. */
  record TransferCall(String queue, TransferReason reason, HandoffSummary summary) implements DialogAction {}

  /** End the call with {@code outcome}: after the gateway has played any preceding {@link Say}. */
  record EndCall(CallOutcome outcome) implements DialogAction {}
}
