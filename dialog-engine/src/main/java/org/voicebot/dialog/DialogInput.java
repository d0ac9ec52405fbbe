package org.voicebot.dialog;

import java.util.List;

/**
 * Everything that can happen to a dialog, as seen by the dialog engine. Time arrives as events too
 * (the gateway's timers fire {@link NoInput}); the engine has no clock of its own.
 */
public sealed interface DialogInput {

  /**
   * The call was answered. {@code today} is the call's local date (dates such as "next Tuesday" are
   * read against it); null when the gateway does not know it, and then date slots accept keypad
   * entry with a year only.
   */
  record CallStarted(String callerId, java.time.LocalDate today) implements DialogInput {
    public CallStarted(String callerId) {
      this(callerId, null);
    }
  }

  /**
   * The recognizer's final transcript of one caller utterance. {@code text} may be empty when the
   * caller spoke but nothing was recognized. {@code features} may be {@link UtteranceFeatures#NONE}.
   * {@code alternatives} are other readings of the same audio, most likely first (an N-best list, or a
   * second engine's reading); the dialog acts on the reading it understands best at the current prompt
   * ({@code text} on a tie).
   */
  record CallerSaid(String text, double confidence, UtteranceFeatures features, List<String> alternatives)
      implements DialogInput {
    public CallerSaid {
      alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    public CallerSaid(String text, double confidence, UtteranceFeatures features) {
      this(text, confidence, features, List.of());
    }
  }

  /** One keypad digit: 0-9, *, #. */
  record KeyPressed(char digit) implements DialogInput {}

  /** The caller said nothing for the configured time after the bot finished its prompt. */
  record NoInput() implements DialogInput {}

  /** The caller started talking over a bot prompt (the gateway has already stopped playback). */
  record BargeIn() implements DialogInput {}

  /** Something the bot depends on failed (synthesis, recognition, backend): never leave the caller in silence. */
  record SystemError(String what) implements DialogInput {}

  /**
   * The backend answered the last {@link DialogAction.CallBackend}: {@code result} picks the reply
   * (e.g. "ok", "not_found"); {@code fields} are the reply's values as text.
   */
  record BackendReplied(String result, java.util.Map<String, String> fields) implements DialogInput {
    public BackendReplied {
      fields = java.util.Map.copyOf(fields);
    }
  }

  /** The backend could not be reached or answered nonsense, after any retry: apologise and transfer. */
  record BackendFailed(String what) implements DialogInput {}

  /** The caller hung up. */
  record CallerHungUp() implements DialogInput {}
}
