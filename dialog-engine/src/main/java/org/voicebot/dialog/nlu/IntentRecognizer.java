package org.voicebot.dialog.nlu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a caller wants, from the words of one reading: meaning first, words where words are the right tool.
 *
 * <ul>
 *   <li>An explicit request for a person ("agent", "get me a human": the agent command's phrases and keywords with a
 *       context word) and a plain yes or no are read from the words ({@link IntentClassifier}): they are commands,
 *       not paraphrases, and a way out to a person must never depend on a model's judgement.
 *   <li>Everything else by meaning ({@link MeaningClassifier}): the nearest example of every intent and command.
 *       An utterance nearest to one of the dialog's out-of-scope examples is no intent at all.
 *   <li>The raw score is calibrated to the dialog's confidence scale: {@link #RAW_AT_REJECT} maps to
 *       {@code reject_below}, {@link #RAW_AT_CONFIRM} to {@code confirm_below}, linearly between and beyond, so the
 *       dialog's thresholds keep their meaning (no-match below the first, "Did you want to...?" between, act above).
 *   <li>An intent's keyword heard in the same utterance corroborates the meaning's best intent (it is then acted on
 *       without asking); it never overrides a different meaning ("my phone died" is not a bereavement).
 * </ul>
 */
public final class IntentRecognizer {

  /**
   * Raw scores of the bundled model (bge-small-en-v1.5) that mean "no better than a guess" and "clearly this",
   * calibrated on the project's development set ({@code test-calls/nlu/utility-support-dev.tsv}), never on the
   * evaluation set.
   */
  public static final double RAW_AT_REJECT = 0.66;
  public static final double RAW_AT_CONFIRM = 0.74;

  /** The pseudo-intent of the dialog's out-of-scope examples. */
  static final String OUT_OF_SCOPE = "(out of scope)";

  private final IntentClassifier words;
  private final MeaningClassifier meaning;
  private final double rejectBelow;
  private final double confirmBelow;
  private final String agent;
  private final Set<String> yesNo;
  private final Set<String> commands;

  /**
   * @param words the word classifier over every intent and command (keywords, phrases)
   * @param examples intent or command -> examples, for meaning (not yes/no: a model hears "yes" and "no" as alike)
   * @param outOfScope what the dialog does not handle
   * @param commandIntents the intents of the dialog's commands (agent, repeat, yes, ...)
   */
  public IntentRecognizer(IntentClassifier words, SentenceEncoder encoder, Map<String, List<String>> examples,
      List<String> outOfScope, double rejectBelow, double confirmBelow, String agentIntent, Set<String> yesNoIntents,
      Set<String> commandIntents) {
    this.words = words;
    Map<String, List<String>> all = new LinkedHashMap<>(examples);
    if (!outOfScope.isEmpty()) {
      all.put(OUT_OF_SCOPE, outOfScope);
    }
    this.meaning = new MeaningClassifier(encoder, all);
    this.rejectBelow = rejectBelow;
    this.confirmBelow = confirmBelow;
    this.agent = agentIntent;
    this.yesNo = Set.copyOf(yesNoIntents);
    this.commands = Set.copyOf(commandIntents);
  }

  /**
   * Readings already recognized, most recent last: the gateway recognizes each reading on a worker first
   * ({@code DialogEngine.prepare}), and the dialog, on the call's event loop, then finds the answer here. A pure
   * function's memo: the same text always gives the same match.
   */
  private final Map<String, IntentMatch> recognized = new java.util.LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, IntentMatch> eldest) {
      return size() > 2048;
    }
  };

  /** The intent of {@code utterance}, with its runner-up and evidence. */
  public IntentMatch recognize(String utterance) {
    if (utterance == null || Text.plain(utterance).isBlank()) {
      return IntentMatch.NONE;
    }
    synchronized (recognized) {
      IntentMatch m = recognized.get(utterance);
      if (m != null) {
        return m;
      }
    }
    IntentMatch m = recognizeNow(utterance);
    synchronized (recognized) {
      recognized.put(utterance, m);
    }
    return m;
  }

  private IntentMatch recognizeNow(String utterance) {
    IntentMatch byWords = words.classify(utterance);
    boolean command = byWords.intent() != null && byWords.confidence() >= confirmBelow
        && (byWords.is(agent) || (yesNo.contains(byWords.intent()) && answersYesOrNo(utterance)));
    List<MeaningClassifier.Nearest> ranked = meaning.rank(withoutNumbers(utterance));
    if (command && (byWords.is(agent) || !confidentOther(ranked, byWords.intent()))) {
      return new IntentMatch(byWords.intent(), byWords.confidence(), byWords.runnerUp(),
          byWords.runnerUpConfidence(), "words");
    }
    if (ranked.isEmpty()) {
      return IntentMatch.NONE;
    }
    MeaningClassifier.Nearest top = ranked.get(0);
    if (top.intent().equals(OUT_OF_SCOPE)) {
      return new IntentMatch(null, 0, secondIntent(ranked), 0, evidence("out of scope", top));
    }
    MeaningClassifier.Nearest second = null;
    for (int i = 1; i < ranked.size() && second == null; i++) {
      if (!ranked.get(i).intent().equals(OUT_OF_SCOPE)) {
        second = ranked.get(i);
      }
    }
    double confidence = calibrate(top.score());
    if (confidence >= rejectBelow && byWords.intent() != null && byWords.confidence() >= IntentClassifier.KEYWORD_CONFIDENCE
        && (byWords.is(top.intent()) || words.intentScores(utterance).getOrDefault(top.intent(), 0.0)
            >= IntentClassifier.KEYWORD_CONFIDENCE)) {
      confidence = Math.max(confidence, IntentClassifier.KEYWORD_CONFIDENCE); // the caller said the word too
    }
    return new IntentMatch(top.intent(), round(confidence), second == null ? null : second.intent(),
        second == null ? 0 : round(calibrate(second.score())), evidence("nearest", top));
  }

  /**
   * The words without their digit strings: an account number or zip code says which, not what the caller wants (slot
   * extraction reads it), and to a sentence model a run of digit words is noise. A lone number word stays ("one more
   * time").
   */
  static String withoutNumbers(String utterance) {
    List<String> w = Text.plain(utterance).isEmpty() ? List.of() : List.of(Text.plain(utterance).split(" "));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < w.size(); i++) {
      boolean digit = isDigit(w.get(i));
      boolean inRun = digit && ((i > 0 && isDigit(w.get(i - 1))) || (i + 1 < w.size() && isDigit(w.get(i + 1))));
      if (!(digit && (inRun || Character.isDigit(w.get(i).charAt(0))))) {
        out.append(out.length() == 0 ? "" : " ").append(w.get(i));
      }
    }
    return out.toString();
  }

  private static boolean isDigit(String w) {
    return Character.isDigit(w.charAt(0)) || SpokenNumbers.DIGIT_WORDS.contains(w);
  }

  /**
   * A yes or a no is a short answer or begins with the word ("no, I want to pay my bill"); inside a sentence "right"
   * and "wrong" are just words ("you've got the wrong number on file").
   */
  private static boolean answersYesOrNo(String utterance) {
    String[] w = Text.plain(utterance).split(" ");
    return w.length <= 3 || YES_NO_WORDS.contains(w[0]);
  }

  private static final Set<String> YES_NO_WORDS =
      Set.of("yes", "yeah", "yep", "yup", "sure", "correct", "right", "okay", "ok", "no", "nope", "nah", "not");

  /** True when meaning confidently finds a business request other than {@code intent} ("no, I want to pay my bill"). */
  private boolean confidentOther(List<MeaningClassifier.Nearest> ranked, String intent) {
    if (ranked.isEmpty()) {
      return false;
    }
    MeaningClassifier.Nearest top = ranked.get(0);
    return !top.intent().equals(intent) && !top.intent().equals(OUT_OF_SCOPE) && !commands.contains(top.intent())
        && calibrate(top.score()) >= confirmBelow;
  }

  private static String secondIntent(List<MeaningClassifier.Nearest> ranked) {
    for (MeaningClassifier.Nearest n : ranked) {
      if (!n.intent().equals(OUT_OF_SCOPE)) {
        return n.intent();
      }
    }
    return null;
  }

  private static String evidence(String what, MeaningClassifier.Nearest n) {
    return String.format(Locale.ROOT, "%s '%s' %.3f", what, n.example(), n.score());
  }

  /** The raw meaning score on the dialog's confidence scale (see the class comment). */
  double calibrate(double raw) {
    double c;
    if (raw <= RAW_AT_REJECT) {
      c = rejectBelow * Math.max(0, raw) / RAW_AT_REJECT;
    } else if (raw <= RAW_AT_CONFIRM) {
      c = rejectBelow + (confirmBelow - rejectBelow) * (raw - RAW_AT_REJECT) / (RAW_AT_CONFIRM - RAW_AT_REJECT);
    } else {
      c = confirmBelow + (1 - confirmBelow) * (raw - RAW_AT_CONFIRM) / (1 - RAW_AT_CONFIRM);
    }
    return Math.min(1, c);
  }

  /** The ranked meaning evidence, for explaining a decision (nlu-eval, tests). */
  public List<MeaningClassifier.Nearest> explain(String utterance) {
    return new ArrayList<>(meaning.rank(utterance));
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
