package org.voicebot.dialog;

import java.util.HashMap;
import java.util.Map;
import org.voicebot.dialog.nlu.Embedding;
import org.voicebot.dialog.nlu.SentenceEncoder;
import org.voicebot.nlu.embeddings.BertSentenceEncoder;

/** The bundled sentence-embedding model, loaded once per test JVM, with the encodings it already made. */
public final class Encoders {

  private static SentenceEncoder bundled;

  private Encoders() {}

  public static synchronized SentenceEncoder bundled() {
    if (bundled == null) {
      BertSentenceEncoder model = BertSentenceEncoder.loadBundled();
      Map<String, Embedding> seen = new HashMap<>();
      bundled = text -> {
        synchronized (seen) {
          return seen.computeIfAbsent(text, t -> {
            BertSentenceEncoder.Embedding e = model.encode(t);
            return new Embedding(e.sentence(), e.tokens());
          });
        }
      };
    }
    return bundled;
  }
}
