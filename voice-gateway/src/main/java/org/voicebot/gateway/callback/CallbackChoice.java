package org.voicebot.gateway.callback;

import java.util.List;
import java.util.Locale;

/** What a caller no agent answered chose: a call back, a voicemail message, or nothing clear yet. */
public enum CallbackChoice {
  CALLBACK,
  MESSAGE,
  UNCLEAR;

  /** Phrases the recognizer must be able to hear for this offer (added to its grammar). */
  public static final List<String> PHRASES = List.of("call me back", "callback", "call back", "please call me back",
      "message", "leave a message", "voicemail", "voice mail");

  /** Keypad: 1 is a call back, 2 a message; any other key is not an answer. */
  public static CallbackChoice fromKey(char digit) {
    return digit == '1' ? CALLBACK : digit == '2' ? MESSAGE : UNCLEAR;
  }

  /** A transcript: "call me back" / "callback" / "call back" or "message" / "voicemail"; both or neither is unclear. */
  public static CallbackChoice fromSpeech(String transcript) {
    String t = transcript == null ? "" : " " + transcript.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]+", " ") + " ";
    boolean back = t.contains(" callback ") || t.contains(" call back ") || t.contains(" call me back ");
    boolean message = t.contains(" message ") || t.contains(" voicemail ") || t.contains(" voice mail ");
    if (back == message) {
      return UNCLEAR;
    }
    return back ? CALLBACK : MESSAGE;
  }
}
