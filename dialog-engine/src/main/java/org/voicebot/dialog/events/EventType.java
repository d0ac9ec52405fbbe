package org.voicebot.dialog.events;

/**
 * The call event vocabulary of the test-call scenario format (section "Call events"), plus
 * {@code backend_request}/{@code backend_reply} (operation, result, time: never the request's values),
 * {@code person_offered}/{@code person_offer_answered} (the "offer a person first" policy) and
 * {@code callback_requested} (no agent answered; the caller asked to be called back).
 */
public enum EventType {
  CALL_STARTED,
  BOT_UTTERANCE_STARTED,
  BOT_UTTERANCE_FINISHED,
  CALLER_SPEECH_STARTED,
  CALLER_SPEECH_ENDED,
  TRANSCRIPT,
  DTMF,
  INTENT,
  SLOT,
  FRUSTRATION,
  TRANSFER,
  PERSON_OFFERED,
  PERSON_OFFER_ANSWERED,
  CALLBACK_REQUESTED,
  BACKEND_REQUEST,
  BACKEND_REPLY,
  CALL_ENDED;

  /** The name on the wire: {@code bot_utterance_started}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static EventType fromWire(String wire) {
    return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
  }
}
