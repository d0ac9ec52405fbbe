package org.voicebot.dialog.nlu;

/**
 * A sentence as a sentence-embedding model sees it: one vector for the whole and one per word piece in context, all of
 * unit length (a dot product is a cosine).
 */
public record Embedding(float[] sentence, float[][] tokens) {

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Cosine of the two sentence vectors. */
  public double similarity(Embedding other) {
    return dot(sentence, other.sentence);
  }

  /**
   * How much of {@code this} (an example) the other sentence says: each of this sentence's word pieces meets its
   * closest word piece of the other, averaged (late interaction, as in ColBERT). A caller's story around the request
   * does not dilute it; a long example asks for more of it than a short one.
   */
  public double coveredBy(Embedding other) {
    if (tokens.length == 0 || other.tokens.length == 0) {
      return 0;
    }
    double sum = 0;
    for (float[] t : tokens) {
      double best = -1;
      for (float[] o : other.tokens) {
        best = Math.max(best, dot(t, o));
      }
      sum += best;
    }
    return sum / tokens.length;
  }
}
