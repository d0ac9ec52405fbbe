package org.voicebot.dialog.nlu;

/**
 * The port to a sentence-embedding model: text in, its {@link Embedding} out. Implementations must be deterministic
 * and thread-safe; the gateway's runs a model in process (module {@code nlu-embeddings}) and caches what it computed
 * off the event loop, so the dialog's calls here are cheap there.
 */
@FunctionalInterface
public interface SentenceEncoder {

  Embedding encode(String text);
}
