package org.voicebot.dialog.nlu;

/**
 * The classifier's verdict on one utterance: the best intent and its confidence (0..1), and the
 * best other intent. {@code intent} is null when nothing matched at all.
 */
public record IntentMatch(String intent, double confidence, String runnerUp, double runnerUpConfidence) {

  public static final IntentMatch NONE = new IntentMatch(null, 0.0, null, 0.0);

  public boolean is(String name) {
    return name != null && name.equals(intent);
  }

  /** How far ahead of the runner-up the best intent is. */
  public double margin() {
    return confidence - runnerUpConfidence;
  }
}
