package org.voicebot.dialog;

/**
 * Whether the caller's words so far (a partial transcript) already answer what the prompt asked: the
 * gateway ends the turn after a short silence when {@link #COMPLETE}, waits its normal silence when
 * {@link #OPEN}, and waits longer while a digit string is still {@link #INCOMPLETE_DIGITS}.
 */
public enum TurnCompletion {
  /** The answer is all there (a confident intent, yes/no, a digit string of the wanted length, a request for a person). */
  COMPLETE,
  /** Nothing to go on: the normal end-of-turn silence. */
  OPEN,
  /** Some digits of a digit string, fewer than the slot needs: more are probably coming. */
  INCOMPLETE_DIGITS
}
