package org.voicebot.dialog.frustration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.UtteranceFeatures;
import org.voicebot.dialog.nlu.Text;

/**
 * Fuses acoustic, lexical and dialog cues into one frustration score, 0..1. Pure: the state goes in,
 * a new state and the cues that moved the score come out.
 *
 * <p>Acoustic cues compare an utterance with the caller's own baseline from earlier utterances, never
 * with absolute levels: phone lines and voices differ too much. An utterance that stands out is kept out
 * of the baseline, so a caller who keeps shouting keeps being heard as shouting.
 */
public final class FrustrationDetector {

  /**
   * What happened in one dialog event, as far as frustration is concerned.
   *
   * @param text what the caller said, or null for a non-speech event
   * @param features acoustic measurements of that utterance, or null
   * @param request what the caller asked for (an intent name, or the words of an utterance not understood),
   *     to notice the same request coming again; null when there was no request
   */
  public record Signals(String text, UtteranceFeatures features, boolean noMatch, boolean noInput,
      boolean agentRequest, boolean bargeIn, boolean zeroPressed, String request, boolean progress) {

    public static Signals none() {
      return new Signals(null, null, false, false, false, false, false, null, false);
    }

    public static Signals utterance(String text, UtteranceFeatures features) {
      return new Signals(text, features, false, false, false, false, false, null, false);
    }

    public Signals withNoMatch() {
      return new Signals(text, features, true, noInput, agentRequest, bargeIn, zeroPressed, request, progress);
    }

    public Signals withNoInput() {
      return new Signals(text, features, noMatch, true, agentRequest, bargeIn, zeroPressed, request, progress);
    }

    public Signals withAgentRequest() {
      return new Signals(text, features, noMatch, noInput, true, bargeIn, zeroPressed, request, progress);
    }

    public Signals withBargeIn() {
      return new Signals(text, features, noMatch, noInput, agentRequest, true, zeroPressed, request, progress);
    }

    public Signals withZeroPressed() {
      return new Signals(text, features, noMatch, noInput, agentRequest, bargeIn, true, request, progress);
    }

    public Signals withRequest(String r) {
      return new Signals(text, features, noMatch, noInput, agentRequest, bargeIn, zeroPressed, r, progress);
    }

    public Signals withProgress() {
      return new Signals(text, features, noMatch, noInput, agentRequest, bargeIn, zeroPressed, request, true);
    }
  }

  /** The new state and what moved the score; {@code changed} is false when the score did not move. */
  public record Assessment(FrustrationState state, List<String> cues, boolean changed) {
    public double score() {
      return state.score();
    }
  }

  private final FrustrationConfig config;

  public FrustrationDetector(FrustrationConfig config) {
    this.config = config;
  }

  public FrustrationConfig config() {
    return config;
  }

  public Assessment assess(FrustrationState s, Signals in) {
    List<String> cues = new ArrayList<>();
    double score = s.score();
    int raised = s.raisedVoice();
    int pitch = s.pitchCues();
    int faster = s.fasterSpeech();
    int angry = s.angryWords();
    int profane = s.profanity();
    int already = s.alreadySaid();
    int agent = s.agentRequests();
    int noMatch = s.noMatches();
    int noInput = s.noInputs();
    int repeated = s.repeatedRequests();
    int barge = s.bargeIns();
    int zero = s.zeroPresses();
    AcousticBaseline baseline = s.baseline();

    // acoustic, relative to the caller's baseline
    UtteranceFeatures f = in.features();
    if (f != null) {
      boolean standsOut = false;
      if (baseline.rmsCount() > 0 && Double.isFinite(f.rmsDbfs())) {
        double louder = f.rmsDbfs() - baseline.rmsDbfs();
        if (louder >= config.louderDb()) {
          score = add(score, louder >= 2 * config.louderDb() ? Math.min(1.0, 1.5 * config.raisedVoice()) : config.raisedVoice());
          cues.add("raised voice");
          raised++;
          standsOut = true;
        }
      }
      if (baseline.f0Count() > 0 && Double.isFinite(f.medianF0Hz())
          && f.medianF0Hz() > baseline.medianF0Hz() * (1 + config.higherPitchRatio())) {
        score = add(score, config.higherPitch());
        cues.add("higher pitch");
        pitch++;
        standsOut = true;
      }
      if (baseline.rangeCount() > 0 && Double.isFinite(f.f0RangeHz())
          && f.f0RangeHz() > baseline.f0RangeHz() * (1 + config.widerPitchRatio())) {
        score = add(score, config.widerPitch());
        cues.add("wider pitch range");
        pitch++;
        standsOut = true;
      }
      if (baseline.rateCount() > 0 && Double.isFinite(f.wordsPerSecond())
          && f.wordsPerSecond() > baseline.wordsPerSecond() * (1 + config.fasterRatio())) {
        score = add(score, config.faster());
        cues.add("faster speech");
        faster++;
        standsOut = true;
      }
      if (!standsOut) {
        baseline = baseline.with(f);
      }
    }

    // lexical
    if (in.text() != null && !in.text().isBlank()) {
      String words = " " + Text.normalize(in.text()) + " ";
      if (containsAny(words, config.profanities())) {
        score = add(score, config.profanity());
        cues.add("profanity");
        profane++;
      }
      if (containsAny(words, config.angerPhrases())) {
        score = add(score, config.angryWords());
        cues.add("angry words");
        angry++;
      }
      if (containsAny(words, config.alreadySaidPhrases())) {
        score = add(score, config.alreadySaid());
        cues.add("already told us");
        already++;
      }
    }

    // dialog
    if (in.agentRequest()) {
      score = add(score, config.askedForPerson());
      cues.add("asked for a person");
      agent++;
    }
    if (in.noMatch()) {
      score = add(score, config.noMatch());
      cues.add("not understood");
      noMatch++;
    }
    if (in.noInput()) {
      score = add(score, config.noInput());
      cues.add("no answer");
      noInput++;
    }
    if (in.bargeIn()) {
      barge++;
      if (barge > 1) {
        score = add(score, config.bargeIn());
        cues.add("talked over the bot");
      }
    }
    if (in.zeroPressed()) {
      zero++;
      if (zero > 1) {
        score = add(score, config.zeroPressed());
        cues.add("pressed 0 repeatedly");
      }
    }
    String lastRequest = s.lastRequest();
    if (in.request() != null) {
      if (in.request().equals(lastRequest)) {
        score = add(score, config.repeatedRequest());
        cues.add("same request repeated");
        repeated++;
      }
      lastRequest = in.request();
    }
    if (in.progress() && cues.isEmpty() && score > 0) {
      score = Math.max(0.0, score - config.progressDecay());
      cues.add("progress");
    }
    score = Math.round(score * 1000.0) / 1000.0;
    FrustrationState next = new FrustrationState(score, baseline, raised, pitch, faster, angry, profane, already,
        agent, noMatch, noInput, repeated, barge, zero, lastRequest);
    return new Assessment(next, List.copyOf(cues), score != s.score());
  }

  private static double add(double score, double weight) {
    return 1.0 - (1.0 - score) * (1.0 - weight);
  }

  /** Whether {@code text} carries a word cue: a profanity, an angry phrase or "I already told you". */
  public boolean hasWordCue(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    String words = " " + Text.normalize(text) + " ";
    return containsAny(words, config.profanities()) || containsAny(words, config.angerPhrases())
        || containsAny(words, config.alreadySaidPhrases());
  }

  private static boolean containsAny(String paddedWords, List<String> phrases) {
    for (String p : phrases) {
      if (paddedWords.contains(" " + p.toLowerCase(Locale.ROOT) + " ")) {
        return true;
      }
    }
    return false;
  }
}
