package org.voicebot.dialog.nlu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Intents by meaning: an utterance against every example of every intent, each intent scored by its nearest example.
 * An example's score is the mean of the sentence vectors' cosine and how much of the example the caller's words
 * cover in context ({@link Embedding#coveredBy}). Pure apart from the encoder it is given; the examples are encoded
 * once, when it is built.
 *
 * <p>The raw score says how close; what it means (act, ask, nothing) is {@link IntentRecognizer}'s to decide.
 */
public final class MeaningClassifier {

  /** One intent's best evidence: its nearest example and how close it is (raw, about 0.3 to 1). */
  public record Nearest(String intent, String example, double score) {}

  private record Example(String intent, String text, Embedding embedding) {}

  private final SentenceEncoder encoder;
  private final List<Example> examples = new ArrayList<>();

  /** @param examples intent name -> its example phrases, in the order ties are broken */
  public MeaningClassifier(SentenceEncoder encoder, Map<String, List<String>> examples) {
    this.encoder = encoder;
    examples.forEach((intent, phrases) -> {
      for (String p : phrases) {
        String text = Text.plain(p);
        if (!text.isBlank()) {
          this.examples.add(new Example(intent, text, encoder.encode(text)));
        }
      }
    });
  }

  /**
   * Mean of the sentences' cosine and how much of the example the utterance covers. A one-word example ("help") is
   * covered by any sentence with that word in it ("thanks for your help, bye"): it counts by the cosine alone.
   */
  static double score(Embedding example, Embedding utterance) {
    double cos = example.similarity(utterance);
    return example.tokens().length <= 1 ? cos : 0.5 * (cos + example.coveredBy(utterance));
  }

  /** Every intent with its nearest example, closest first (an empty list for an utterance without words). */
  public List<Nearest> rank(String utterance) {
    String text = Text.plain(utterance);
    if (text.isBlank()) {
      return List.of();
    }
    Embedding u = encoder.encode(text);
    Map<String, Nearest> best = new LinkedHashMap<>();
    for (Example e : examples) {
      double s = score(e.embedding(), u);
      Nearest b = best.get(e.intent());
      if (b == null || s > b.score()) {
        best.put(e.intent(), new Nearest(e.intent(), e.text(), s));
      }
    }
    List<Nearest> out = new ArrayList<>(best.values());
    out.sort(Comparator.comparingDouble(Nearest::score).reversed());
    return out;
  }
}
