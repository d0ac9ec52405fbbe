package org.voicebot.dialog;

import java.util.List;

/**
 * Weights and thresholds of the frustration detector and the escalation it drives. Each weight is the
 * share of the remaining distance to 1 that one cue closes: {@code score = 1 - (1 - score) * (1 - w)}, so
 * cues add up, but the score never passes 1 and no single weak cue decides alone.
 *
 * @param transferThreshold at or above this score the call goes to a person (reason {@code frustration})
 * @param louderDb an utterance this many dB louder (RMS) than the caller's baseline is "raised voice"
 * @param higherPitchRatio median pitch this fraction above baseline is "higher pitch" (0.15 = 15 %)
 * @param widerPitchRatio pitch range this fraction above baseline is "wider pitch range"
 * @param fasterRatio speaking rate this fraction above baseline is "faster speech"
 * @param raisedVoice weight of a raised voice (doubled distance counts 1.5 times)
 * @param higherPitch weight of a higher pitch
 * @param widerPitch weight of a wider pitch range
 * @param faster weight of faster speech
 * @param angryWords weight of anger or complaint words ("this is ridiculous", "useless")
 * @param profanity weight of swearing
 * @param alreadySaid weight of "I already told you" and the like
 * @param askedForPerson weight of asking for a person (which also transfers at once)
 * @param noMatch weight of an utterance the bot did not understand
 * @param noInput weight of a silence where the caller should have answered
 * @param repeatedRequest weight of the caller repeating the same request
 * @param bargeIn weight of talking over the bot, from the second time on
 * @param zeroPressed weight of pressing 0 for a person, from the second time on
 * @param progressDecay how much the score falls when the dialog makes progress (subtracted)
 * @param angerPhrases phrases that count as anger or complaint (lower case words)
 * @param profanities words that count as swearing
 * @param alreadySaidPhrases phrases that say "I told you already"
 * @param offerPersonFirst at the threshold, first ask "would you like a colleague?" instead of transferring;
 *     yes, no answer or an unclear answer transfers, no carries on
 * @param reofferMargin after a "no", the score must rise this much above its lowest since then before
 *     the bot offers again
 */
public record FrustrationConfig(
    double transferThreshold,
    double louderDb,
    double higherPitchRatio,
    double widerPitchRatio,
    double fasterRatio,
    double raisedVoice,
    double higherPitch,
    double widerPitch,
    double faster,
    double angryWords,
    double profanity,
    double alreadySaid,
    double askedForPerson,
    double noMatch,
    double noInput,
    double repeatedRequest,
    double bargeIn,
    double zeroPressed,
    double progressDecay,
    List<String> angerPhrases,
    List<String> profanities,
    List<String> alreadySaidPhrases,
    boolean offerPersonFirst,
    double reofferMargin) {

  public FrustrationConfig {
    double[] unit = {transferThreshold, higherPitchRatio, widerPitchRatio, fasterRatio, raisedVoice, higherPitch,
        widerPitch, faster, angryWords, profanity, alreadySaid, askedForPerson, noMatch, noInput, repeatedRequest,
        bargeIn, zeroPressed, progressDecay, reofferMargin};
    for (double v : unit) {
      if (!(v >= 0.0 && v <= 1.0)) {
        throw new IllegalArgumentException("frustration weights, ratios and threshold must be within 0..1, got " + v);
      }
    }
    if (!(louderDb > 0.0)) {
      throw new IllegalArgumentException("louderDb must be positive, got " + louderDb);
    }
    angerPhrases = List.copyOf(angerPhrases);
    profanities = List.copyOf(profanities);
    alreadySaidPhrases = List.copyOf(alreadySaidPhrases);
  }

  public static FrustrationConfig defaults() {
    // Tuned on the labelled set test-calls/scenarios/frustration (see test-calls/README.md): with the gateway's
    // threshold 0.7 and a dialog's max_failures 3, a frustrated caller has two failing turns before
    // repeated_failure takes over. So two consecutive turns with a caller cue (raised voice, anger, swearing,
    // "already told you") and their no-matches must reach 0.7 ((0.9 * 0.6)^2 = 0.29 left), while one such turn
    // must not (at most 1 - 0.9 * 0.5 = 0.55): they were 0.3/0.25/0.35/0.2, which left frustrated callers to
    // repeated_failure. A raised voice is measured below 12 dB when the caller's audio clips, so 0.4 itself.
    return new FrustrationConfig(
        0.6, 6.0, 0.15, 0.4, 0.25,
        0.4, 0.1, 0.08, 0.08,
        0.4, 0.5, 0.4, 0.15,
        0.1, 0.06, 0.15, 0.08, 0.2,
        0.1,
        List.of("ridiculous", "useless", "stupid", "pathetic", "unacceptable", "terrible", "awful", "horrible",
            "waste of time", "wasting my time", "fed up", "sick of", "tired of", "not listening", "do not listen",
            "does not work", "not helping", "no help", "annoying", "annoyed", "frustrating", "frustrated",
            "angry", "furious", "joke", "are you kidding", "come on", "for gods sake", "seriously", "worst",
            "stupid machine", "stupid robot", "hate",
            // Whole phrasings callers use: the grammar recognizer only hears whole phrases, and measured with
            // the test caller's voice "this is ridiculous" was heard as digits until it was one.
            "this is ridiculous", "this is useless", "this is stupid", "this is a joke", "you are useless",
            "this is a waste of time"),
        // No "hell": at 8 kHz the recognizer heard a caller's "help" as "hell" (a calm caller swearing).
        List.of("damn", "dammit", "shit", "crap", "bullshit", "fuck", "fucking", "fucked", "bloody",
            "ass", "bastard", "piss", "pissed", "goddamn", "christ"),
        List.of("already told you", "already said", "i just said", "i just told you", "told you already",
            "i said", "how many times", "again and again", "already gave", "listen to me", "i already did",
            "said that already", "i keep saying",
            // whole phrasings, for the grammar recognizer (see the anger phrases)
            "i already told you", "i told you"),
        false, 0.15);
  }

  /** The same settings with another transfer threshold. */
  public FrustrationConfig withTransferThreshold(double threshold) {
    return new FrustrationConfig(threshold, louderDb, higherPitchRatio, widerPitchRatio, fasterRatio, raisedVoice,
        higherPitch, widerPitch, faster, angryWords, profanity, alreadySaid, askedForPerson, noMatch, noInput,
        repeatedRequest, bargeIn, zeroPressed, progressDecay, angerPhrases, profanities, alreadySaidPhrases,
        offerPersonFirst, reofferMargin);
  }

  /** The same settings with the "offer a person first" policy on or off and the margin for a second offer. */
  public FrustrationConfig withOfferPersonFirst(boolean offer, double margin) {
    return new FrustrationConfig(transferThreshold, louderDb, higherPitchRatio, widerPitchRatio, fasterRatio,
        raisedVoice, higherPitch, widerPitch, faster, angryWords, profanity, alreadySaid, askedForPerson, noMatch,
        noInput, repeatedRequest, bargeIn, zeroPressed, progressDecay, angerPhrases, profanities, alreadySaidPhrases,
        offer, margin);
  }
}
