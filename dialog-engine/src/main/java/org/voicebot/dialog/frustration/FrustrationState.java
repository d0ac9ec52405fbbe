package org.voicebot.dialog.frustration;

import java.util.List;

/**
 * What the detector remembers about one call: the score, the caller's acoustic baseline, and how often
 * each cue has fired (the handoff summary reads these to say why a caller sounds frustrated).
 */
public record FrustrationState(
    double score,
    AcousticBaseline baseline,
    int raisedVoice,
    int pitchCues,
    int fasterSpeech,
    int angryWords,
    int profanity,
    int alreadySaid,
    int agentRequests,
    int noMatches,
    int noInputs,
    int repeatedRequests,
    int bargeIns,
    int zeroPresses,
    String lastRequest) {

  public static FrustrationState initial() {
    return new FrustrationState(0.0, AcousticBaseline.EMPTY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
  }

  /** Cue names, most telling first, with how often each fired; only those that fired. */
  public List<String> firedCues() {
    List<String> out = new java.util.ArrayList<>();
    add(out, "asked for a person", agentRequests);
    add(out, "raised voice", raisedVoice);
    add(out, "profanity", profanity);
    add(out, "angry words", angryWords);
    add(out, "already told us", alreadySaid);
    add(out, "same request repeated", repeatedRequests);
    add(out, "pressed 0 repeatedly", zeroPresses > 1 ? zeroPresses : 0);
    add(out, "not understood", noMatches);
    add(out, "no answer", noInputs);
    add(out, "talked over the bot", bargeIns > 1 ? bargeIns : 0);
    add(out, "pitch", pitchCues);
    add(out, "faster speech", fasterSpeech);
    return out;
  }

  private static void add(List<String> out, String cue, int count) {
    if (count > 0) {
      out.add(cue);
    }
  }
}
