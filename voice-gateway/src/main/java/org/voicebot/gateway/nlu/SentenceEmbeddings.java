package org.voicebot.gateway.nlu;

import java.util.LinkedHashMap;
import java.util.Map;
import org.voicebot.dialog.nlu.Embedding;
import org.voicebot.dialog.nlu.SentenceEncoder;
import org.voicebot.nlu.embeddings.BertSentenceEncoder;

/**
 * The dialog's sentence encoder in the gateway: the bundled model ({@link BertSentenceEncoder}, one loaded model for
 * every call) behind a bounded cache. A call encodes each reading of an utterance on a worker thread first
 * ({@link #encode}, from {@code SpeechServices.understand}); the dialog, which runs on the call's event loop, then finds
 * it here and pays a lookup, not a model run. A miss is still correct, only slower.
 */
public final class SentenceEmbeddings implements SentenceEncoder, AutoCloseable {

  private static final int CACHE_ENTRIES = 4096;

  private final BertSentenceEncoder model;
  private final Map<String, Embedding> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Embedding> eldest) {
      return size() > CACHE_ENTRIES;
    }
  };

  private SentenceEmbeddings(BertSentenceEncoder model) {
    this.model = model;
  }

  /** Loads the bundled model (about 1 s). */
  public static SentenceEmbeddings loadBundled() {
    return new SentenceEmbeddings(BertSentenceEncoder.loadBundled());
  }

  public String describe() {
    return model.describe();
  }

  @Override
  public Embedding encode(String text) {
    synchronized (cache) {
      Embedding e = cache.get(text);
      if (e != null) {
        return e;
      }
    }
    BertSentenceEncoder.Embedding raw = model.encode(text); // outside the lock: callers encode side by side
    Embedding e = new Embedding(raw.sentence(), raw.tokens());
    synchronized (cache) {
      cache.put(text, e);
    }
    return e;
  }

  @Override
  public void close() {
    model.close();
  }
}
