package org.voicebot.dialog.nlu;

/**
 * A sentence as a sentence-embedding model sees it: one vector for the whole and one per word piece in context, all of
 * unit length (a dot product is a cosine).
 */
public record Embedding(float[] sentence, float[][] tokens) {

  /** Four running sums, so the JIT can keep the multiply-adds in vector registers (several times faster). */
  static double dot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (double) s0 + s1 + s2 + s3;
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
