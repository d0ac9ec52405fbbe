package org.voicebot.dialog.nlu;

/**
 * The verdict on one utterance: the best intent and its confidence (0..1), the best other intent, and the evidence
 * for the best (the nearest example and its raw score, or the words that decided). {@code intent} is null when
 * nothing matched, or when the utterance is closest to something the dialog does not handle (its evidence says so).
 */
public record IntentMatch(String intent, double confidence, String runnerUp, double runnerUpConfidence,
    String evidence) {

  public static final IntentMatch NONE = new IntentMatch(null, 0.0, null, 0.0, null);

  public IntentMatch(String intent, double confidence, String runnerUp, double runnerUpConfidence) {
    this(intent, confidence, runnerUp, runnerUpConfidence, null);
  }

  public boolean is(String name) {
    return name != null && name.equals(intent);
  }

  /** How far ahead of the runner-up the best intent is. */
  public double margin() {
    return confidence - runnerUpConfidence;
  }

  public IntentMatch withConfidence(double c) {
    return new IntentMatch(intent, c, runnerUp, runnerUpConfidence, evidence);
  }
}
