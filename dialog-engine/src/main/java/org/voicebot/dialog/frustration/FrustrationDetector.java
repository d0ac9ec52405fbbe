package org.voicebot.dialog.frustration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.UtteranceFeatures;
import org.voicebot.dialog.nlu.MeaningClassifier;
import org.voicebot.dialog.nlu.SentenceEncoder;
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

  /**
   * The new state and what moved the score; {@code changed} is false when the score did not move. {@code evidence}
   * explains the cues of what the caller said ("angry words: like 'this is useless' 0.84", "profanity: words").
   */
  public record Assessment(FrustrationState state, List<String> cues, boolean changed, List<String> evidence) {
    public double score() {
      return state.score();
    }
  }

  /** Cue names of what the caller said (as they appear in {@code FrustrationChanged.cues}). */
  public static final String ANGRY = "angry words";
  public static final String PROFANITY = "profanity";
  public static final String ALREADY_SAID = "already told us";
  public static final String NOT_LISTENING = "not listening";
  public static final String GIVING_UP = "giving up";

  /**
   * What frustrated callers say, by meaning: an utterance this close to one of these carries the cue even when none of
   * the configured words is in it ("this whole thing is a complete joke", "you don't get what I'm telling you").
   * Written as callers talk; the word lists of {@link FrustrationConfig} still count on their own.
   */
  static final Map<String, List<String>> MEANING_CUES = Map.of(
      ANGRY, List.of("this is ridiculous", "this is completely useless", "you are useless", "what a waste of my time",
          "this is a joke", "i'm sick and tired of this", "this is the worst service ever", "this is unacceptable",
          "i'm so angry right now", "this machine is stupid", "what is wrong with you people"),
      NOT_LISTENING, List.of("you're not listening to me", "you don't understand me at all",
          "that's not what i said", "are you even listening", "you keep getting it wrong", "you never listen"),
      GIVING_UP, List.of("forget it", "i give up", "never mind this is pointless", "what's the point of this",
          "oh just forget the whole thing"),
      ALREADY_SAID, List.of("i already told you that", "how many times do i have to say it", "i just said that",
          "i keep telling you the same thing", "i've said this three times now"));

  /**
   * Raw closeness (as {@link MeaningClassifier} scores it) from which an utterance carries a cue by meaning; set so that
   * ordinary requests of the project's development set carry none.
   */
  static final double MEANING_CUE_AT = 0.80;

  /**
   * From this level (RMS over the voiced part, dBFS) a first utterance counts as a raised voice. Telephone speech is
   * typically -26 to -15 dBFS (ITU-T P.56 puts a nominal talker at -26 dBov; gain control makes lines hotter); at -6
   * its peaks clip. Measured here: the simulator's caller voice speaks at -12.6, on a hot line (+4 dB) at -8.6, and
   * shouting (+12 dB) at -3.3. A caller who shouts on a quiet line is caught from the second utterance on, against
   * their own baseline.
   */
  static final double FIRST_RAISED_DBFS = -6;

  private final FrustrationConfig config;
  private final MeaningClassifier cues;

  public FrustrationDetector(FrustrationConfig config, SentenceEncoder encoder) {
    this.config = config;
    this.cues = new MeaningClassifier(encoder, new java.util.TreeMap<>(MEANING_CUES));
  }

  public FrustrationConfig config() {
    return config;
  }

  public Assessment assess(FrustrationState s, Signals in) {
    List<String> cues = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
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
      if (Double.isFinite(f.rmsDbfs())) {
        // Before the caller has a baseline, a first utterance is measured against what a phone line carries at most
        // (FIRST_RAISED_DBFS): lines differ too much for less, but a caller who starts out shouting must still count.
        boolean first = baseline.rmsCount() == 0;
        double louder = first ? f.rmsDbfs() - FIRST_RAISED_DBFS + config.louderDb() : f.rmsDbfs() - baseline.rmsDbfs();
        if (louder >= config.louderDb()) {
          score = add(score, louder >= 2 * config.louderDb() ? Math.min(1.0, 1.5 * config.raisedVoice()) : config.raisedVoice());
          cues.add("raised voice");
          raised++;
          // A first loud utterance still becomes the baseline: on a hot line every later turn would stand out too.
          standsOut = !first;
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

    // what the caller said: the configured words, and the same cues by meaning
    if (in.text() != null && !in.text().isBlank()) {
      List<String> said = wordCues(in.text());
      said.forEach(c -> evidence.add(c + ": words"));
      MeaningClassifier.Nearest meant = meaningCue(in.text());
      if (meant != null && !said.contains(meant.intent())
          && !(meant.intent().equals(NOT_LISTENING) && said.contains(ALREADY_SAID))) {
        said.add(meant.intent());
        evidence.add(String.format(java.util.Locale.ROOT, "%s: like '%s' %.2f", meant.intent(), meant.example(),
            meant.score()));
      }
      for (String c : said) {
        switch (c) {
          case PROFANITY -> {
            score = add(score, config.profanity());
            profane++;
          }
          case ALREADY_SAID, NOT_LISTENING -> {
            score = add(score, config.alreadySaid());
            already++;
          }
          default -> { // angry words, giving up
            score = add(score, config.angryWords());
            angry++;
          }
        }
        cues.add(c);
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
    return new Assessment(next, List.copyOf(cues), score != s.score(), List.copyOf(evidence));
  }

  /** The cues the configured word lists find in {@code text}. */
  private List<String> wordCues(String text) {
    String words = " " + Text.normalize(text) + " ";
    List<String> out = new ArrayList<>();
    if (containsAny(words, config.profanities())) {
      out.add(PROFANITY);
    }
    if (containsAny(words, config.angerPhrases())) {
      out.add(ANGRY);
    }
    if (containsAny(words, config.alreadySaidPhrases())) {
      out.add(ALREADY_SAID);
    }
    return out;
  }

  /**
   * The cue {@code text} carries by meaning, with its nearest example, or null. Readings joined by " , " (the dialog
   * passes the grammar reading a cue may come from) are judged one by one: a reading is what was prepared.
   */
  private MeaningClassifier.Nearest meaningCue(String text) {
    MeaningClassifier.Nearest best = null;
    for (String reading : text.split(" , ")) {
      MeaningClassifier.Nearest n = meaningCueOf(reading.strip());
      if (n != null && (best == null || n.score() > best.score())) {
        best = n;
      }
    }
    return best;
  }

  private MeaningClassifier.Nearest meaningCueOf(String text) {
    if (text.isEmpty()) {
      return null;
    }
    synchronized (meant) {
      if (meant.containsKey(text)) {
        return meant.get(text);
      }
    }
    List<MeaningClassifier.Nearest> ranked = cues.rank(text);
    MeaningClassifier.Nearest cue = !ranked.isEmpty() && ranked.get(0).score() >= MEANING_CUE_AT ? ranked.get(0) : null;
    synchronized (meant) {
      meant.put(text, cue);
    }
    return cue;
  }

  /** Texts already judged (see {@code IntentRecognizer.recognize}: judged on a worker first, then looked up). */
  private final Map<String, MeaningClassifier.Nearest> meant = new java.util.LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, MeaningClassifier.Nearest> eldest) {
      return size() > 2048;
    }
  };

  private static double add(double score, double weight) {
    return 1.0 - (1.0 - score) * (1.0 - weight);
  }

  /** Does the model work that judging {@code text} will need (see {@code DialogEngine.prepare}). */
  public void prepare(String text) {
    meaningCueOf(text);
  }

  /**
   * Whether {@code text} carries a cue of what the caller said: swearing, anger, "I already told you", "you're not
   * listening", giving up; by the configured words or by meaning.
   */
  public boolean hasWordCue(String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    return !wordCues(text).isEmpty() || meaningCue(text) != null;
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
