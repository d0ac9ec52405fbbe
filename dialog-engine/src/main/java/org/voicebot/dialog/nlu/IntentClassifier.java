package org.voicebot.dialog.nlu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores an utterance against every intent's example phrases. Words are normalized (contractions,
 * synonyms, a crude stem), weighted by how specific they are to one intent (inverse intent frequency),
 * and compared fuzzily so that recognizer errors ("bell" for "bill", "outrage" for "outage") still
 * count. An example's score mixes how much of the example the caller said (recall) with how much of
 * what the caller said belongs to the example (precision).
 *
 * <p>Keywords override scoring: a keyword of an intent found anywhere in the utterance gives it
 * {@link #KEYWORD_CONFIDENCE}. When an intent also lists context words, its keyword counts only in a
 * short utterance or next to one of them ("get me a person", but not "someone broke my meter"). When
 * keywords of two intents are heard, the intent listed first wins, so an explicit request for a person beats
 * everything. When two examples score the same, the one sharing more of the caller's words wins (see
 * {@link #TIE}).
 */
public final class IntentClassifier {

  /** What the classifier knows of one intent. */
  public record Entry(String intent, List<String> examples, List<String> keywords, List<String> contextWords) {
    public Entry {
      examples = List.copyOf(examples);
      keywords = List.copyOf(keywords);
      contextWords = List.copyOf(contextWords);
    }
  }

  public static final double KEYWORD_CONFIDENCE = 0.95;
  /** A keyword with context words counts alone in an utterance of at most this many content words. */
  private static final int SHORT_UTTERANCE = 2;
  private static final double RECALL_WEIGHT = 0.65;

  /**
   * Words that say nothing about what the caller wants, lead-ins included: "i want to make a payment" is the same
   * request as "i'd like to make a payment" and must score the same.
   */
  private static final Set<String> STOPWORDS =
      Set.of("a", "an", "the", "i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "it", "its",
          "is", "am", "are", "was", "were", "be", "been", "being", "to", "of", "in", "on", "at", "for", "with",
          "and", "or", "so", "just", "please", "um", "uh", "uhm", "umm", "er", "erm", "ah", "hmm", "hi", "hello",
          "hey", "well", "this", "these", "those", "here", "do", "does", "did", "can", "could", "would",
          "will", "should", "shall", "may", "might", "some", "any", "about", "have", "has", "had", "like",
          "also", "then", "actually", "basically", "wondering", "wonder", "guess", "think", "maybe", "want");

  /** @param words every word of the example, stopwords too: they break ties between examples of equal terms */
  private record Example(List<String> terms, Set<String> words) {}

  private record Compiled(String intent, int order, List<Example> examples, List<List<String>> keywords,
      Set<String> context) {}

  private final Map<String, String> singleSynonyms = new HashMap<>();
  private final List<Map.Entry<List<String>, String>> phraseSynonyms = new ArrayList<>();
  private final List<Compiled> entries = new ArrayList<>();
  private final Map<String, Double> weight = new HashMap<>();
  private final double unknownWeight;

  /**
   * @param entries the intents, in priority order for ties
   * @param synonyms head word -> words or phrases callers use for it; all are read as the head word
   */
  public IntentClassifier(List<Entry> entries, Map<String, List<String>> synonyms) {
    synonyms.forEach((head, variants) -> {
      String h = String.join(" ", Text.words(head));
      for (String v : variants) {
        List<String> vw = Text.words(v);
        if (vw.size() == 1) {
          singleSynonyms.put(vw.get(0), h);
        } else if (vw.size() > 1) {
          phraseSynonyms.add(Map.entry(vw, h));
        }
      }
    });
    // longest phrases first, so "went out" wins over "out"
    phraseSynonyms.sort((a, b) -> b.getKey().size() - a.getKey().size());
    int order = 0;
    Map<String, Set<String>> intentsPerTerm = new HashMap<>();
    for (Entry e : entries) {
      List<Example> examples = new ArrayList<>();
      for (String ex : e.examples()) {
        List<String> terms = distinct(analyze(ex));
        if (!terms.isEmpty()) {
          examples.add(new Example(terms, Set.copyOf(Text.words(ex))));
          for (String t : terms) {
            intentsPerTerm.computeIfAbsent(t, k -> new HashSet<>()).add(e.intent());
          }
        }
      }
      List<List<String>> keywords = new ArrayList<>();
      for (String k : e.keywords()) {
        List<String> terms = analyze(k);
        if (!terms.isEmpty()) {
          keywords.add(terms);
        }
      }
      Set<String> context = new HashSet<>();
      for (String c : e.contextWords()) {
        context.addAll(analyze(c));
      }
      this.entries.add(new Compiled(e.intent(), order++, examples, keywords, context));
    }
    int n = Math.max(1, entries.size());
    double sum = 0;
    for (Map.Entry<String, Set<String>> t : intentsPerTerm.entrySet()) {
      double w = Math.log(1.0 + (double) n / t.getValue().size());
      weight.put(t.getKey(), w);
      sum += w;
    }
    // a word no example uses weighs half an average word: it dilutes a match, but does not sink it
    this.unknownWeight = weight.isEmpty() ? 1.0 : 0.5 * sum / weight.size();
  }

  /** Every intent's score, its tie-break and its order; null when the utterance has no content word. */
  private record Scores(Map<String, Double> best, Map<String, Double> tieBreak, Map<String, Integer> order) {}

  /** Each intent's best score for {@code utterance} (0..1; keywords {@link #KEYWORD_CONFIDENCE}); empty: no content. */
  public Map<String, Double> intentScores(String utterance) {
    Scores sc = scores(utterance);
    return sc == null ? Map.of() : sc.best();
  }

  private Scores scores(String utterance) {
    List<String> u = distinct(analyze(utterance));
    if (u.isEmpty()) {
      return null;
    }
    double uWeight = 0;
    for (String t : u) {
      uWeight += w(t);
    }
    // judged on every partial transcript of a call: the tie-break words are read once here, no sets per example
    Set<String> uWords = new HashSet<>(Text.words(utterance));
    Map<String, Double> best = new HashMap<>();
    Map<String, Double> tieBreak = new HashMap<>();
    Map<String, Integer> order = new HashMap<>();
    for (Compiled c : entries) {
      double s = 0;
      double tie = 0;
      for (Example ex : c.examples()) {
        double e = score(ex.terms(), u, uWeight);
        if (e > s + TIE) {
          s = e;
          tie = wordOverlap(ex.words(), uWords);
        } else if (e > s - TIE) {
          tie = Math.max(tie, wordOverlap(ex.words(), uWords));
        }
      }
      if (keywordHit(c, u) && KEYWORD_CONFIDENCE > s - TIE) {
        s = KEYWORD_CONFIDENCE;
        tie = Double.POSITIVE_INFINITY; // between keyword hits the order decides: a request for a person first
      }
      if (s > best.getOrDefault(c.intent(), -1.0) + TIE) {
        best.put(c.intent(), s);
        tieBreak.put(c.intent(), tie);
      }
      order.putIfAbsent(c.intent(), c.order());
    }
    return new Scores(best, tieBreak, order);
  }

  /** The best intent for {@code utterance}, with its runner-up. */
  public IntentMatch classify(String utterance) {
    Scores sc = scores(utterance);
    if (sc == null) {
      return IntentMatch.NONE;
    }
    Map<String, Double> best = sc.best();
    Map<String, Double> tieBreak = sc.tieBreak();
    Map<String, Integer> order = sc.order();
    String top = null;
    String second = null;
    for (String intent : best.keySet()) {
      if (top == null || better(intent, top, best, tieBreak, order)) {
        second = top;
        top = intent;
      } else if (second == null || better(intent, second, best, tieBreak, order)) {
        second = intent;
      }
    }
    double topScore = best.getOrDefault(top, 0.0);
    if (top == null || topScore <= 0) {
      return IntentMatch.NONE;
    }
    double secondScore = second == null ? 0.0 : best.get(second);
    return new IntentMatch(top, round(topScore), secondScore > 0 ? second : null, round(secondScore));
  }

  /** The content words the classifier sees in {@code text}: for tests and for explaining a match. */
  public List<String> terms(String text) {
    return analyze(text);
  }

  /**
   * Scores closer than this are a tie. Ties are common: the terms drop stopwords, so "what can I say" (help)
   * and "what did you say" (repeat) both come down to "what say". Then the example that shares more of the
   * caller's words, stopwords included, wins; then the intent listed first.
   */
  private static final double TIE = 1e-9;

  private static boolean better(String a, String b, Map<String, Double> score, Map<String, Double> tieBreak,
      Map<String, Integer> order) {
    double d = score.get(a) - score.get(b);
    if (Math.abs(d) > TIE) {
      return d > 0;
    }
    int t = Double.compare(tieBreak.get(a), tieBreak.get(b));
    return t > 0 || (t == 0 && order.get(a) < order.get(b));
  }

  /** Mean of the shares of each word set found in the other (exact words, stopwords included). */
  private static double wordOverlap(Set<String> example, Set<String> utterance) {
    if (example.isEmpty() || utterance.isEmpty()) {
      return 0;
    }
    int both = 0;
    for (String w : utterance) {
      if (example.contains(w)) {
        both++;
      }
    }
    return 0.5 * both / example.size() + 0.5 * both / utterance.size();
  }

  private double score(List<String> example, List<String> u, double uWeight) {
    double exWeight = 0;
    double recall = 0;
    for (String t : example) {
      double w = w(t);
      exWeight += w;
      recall += w * bestSimilarity(t, u);
    }
    double precision = 0;
    for (String t : u) {
      precision += w(t) * bestSimilarity(t, example);
    }
    recall /= exWeight;
    precision /= uWeight;
    return RECALL_WEIGHT * recall + (1 - RECALL_WEIGHT) * precision;
  }

  private boolean keywordHit(Compiled c, List<String> u) {
    boolean hit = false;
    for (List<String> k : c.keywords()) {
      if (containsPhrase(u, k)) {
        hit = true;
        break;
      }
    }
    if (!hit || c.context().isEmpty()) {
      return hit;
    }
    if (u.size() <= SHORT_UTTERANCE) {
      return true;
    }
    for (String t : u) {
      if (c.context().contains(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsPhrase(List<String> u, List<String> phrase) {
    for (int i = 0; i + phrase.size() <= u.size(); i++) {
      boolean all = true;
      for (int j = 0; j < phrase.size() && all; j++) {
        all = Text.similarity(phrase.get(j), u.get(i + j)) >= 0.75;
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static double bestSimilarity(String t, Collection<String> in) {
    double best = 0;
    for (String o : in) {
      best = Math.max(best, Text.similarity(t, o));
      if (best == 1.0) {
        break;
      }
    }
    return best;
  }

  private double w(String term) {
    return weight.getOrDefault(term, unknownWeight);
  }

  private List<String> analyze(String text) {
    List<String> words = dropNumbers(Text.words(text));
    List<String> mapped = new ArrayList<>();
    for (int i = 0; i < words.size(); ) {
      Map.Entry<List<String>, String> hit = null;
      for (Map.Entry<List<String>, String> p : phraseSynonyms) {
        List<String> k = p.getKey();
        if (i + k.size() <= words.size() && words.subList(i, i + k.size()).equals(k)) {
          hit = p;
          break;
        }
      }
      if (hit != null) {
        mapped.addAll(List.of(hit.getValue().split(" ")));
        i += hit.getKey().size();
      } else {
        String w = words.get(i++);
        mapped.addAll(List.of(singleSynonyms.getOrDefault(w, w).split(" ")));
      }
    }
    List<String> out = new ArrayList<>();
    for (String w : mapped) {
      if (!STOPWORDS.contains(w)) {
        out.add(Text.stem(w));
      }
    }
    return out;
  }

  /** Digits say which account or area, not what the caller wants: leave them to slot extraction. */
  private static List<String> dropNumbers(List<String> words) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      boolean numeric = Character.isDigit(w.charAt(0));
      boolean digitWord = isDigitWord(w)
          && ((i > 0 && isDigitWord(words.get(i - 1))) || (i + 1 < words.size() && isDigitWord(words.get(i + 1))));
      if (!numeric && !digitWord) {
        out.add(w);
      }
    }
    return out;
  }

  private static boolean isDigitWord(String w) {
    return Character.isDigit(w.charAt(0)) || SpokenNumbers.DIGIT_WORDS.contains(w);
  }

  private static List<String> distinct(List<String> terms) {
    return new ArrayList<>(new LinkedHashSet<>(terms));
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
