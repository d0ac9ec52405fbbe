package org.voicebot.gateway.nlu;

/** One loaded sentence-embedding model per test JVM (loading takes a second; the tests share it as calls do). */
public final class TestEmbeddings {

  private static SentenceEmbeddings shared;

  private TestEmbeddings() {}

  public static synchronized SentenceEmbeddings shared() {
    if (shared == null) {
      shared = SentenceEmbeddings.loadBundled();
    }
    return shared;
  }
}
