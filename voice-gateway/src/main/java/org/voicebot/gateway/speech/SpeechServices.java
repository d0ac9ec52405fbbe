package org.voicebot.gateway.speech;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.voicebot.gateway.asr.Partial;
import org.voicebot.gateway.asr.RecognitionSession;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.Voice;

/**
 * The speech engines as the calls see them: asynchronous, on named bounded worker pools so the event
 * loop never waits for a model, with the loaded models shared by every call, and a cache of the
 * dialog's fixed prompts filled at start-up so they start at once.
 */
public final class SpeechServices implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SpeechServices.class);

  private final SpeechSynthesizer tts;
  private final StreamingRecognizer asr;
  private final WorkerExecutor ttsPool;
  private final WorkerExecutor asrPool;
  private volatile boolean asrClosed;
  private final Map<String, short[]> promptCache = new ConcurrentHashMap<>();

  public SpeechServices(Vertx vertx, SpeechSynthesizer tts, StreamingRecognizer asr, int asrWorkers, int ttsWorkers) {
    this.tts = tts;
    this.asr = asr;
    // Long max-execute times: a model call is allowed to be slow without Vert.x calling it "blocked".
    this.ttsPool = vertx.createSharedWorkerExecutor("voicebot-tts", ttsWorkers, 60, TimeUnit.SECONDS);
    this.asrPool = vertx.createSharedWorkerExecutor("voicebot-asr", asrWorkers, 60, TimeUnit.SECONDS);
  }

  public String recognizerName() {
    return asr.engineName();
  }

  public RecognizerCapabilities recognizerCapabilities() {
    return asr.capabilities();
  }

  /** Bot speech: from the prompt cache when the text is a known prompt, else synthesized on a worker. */
  public Future<short[]> speak(String text) {
    short[] cached = promptCache.get(text);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return synthesize(text, Voice.BOT);
  }

  public Future<short[]> synthesize(String text, Voice voice) {
    return ttsPool.executeBlocking(() -> tts.synthesize(text, voice), false);
  }

  /**
   * Recognition for one call: engine work runs on the {@code voicebot-asr} pool, one task at a time for
   * this call; partials and results are delivered through {@code callbacks} (the call's context).
   */
  public RecognitionSession openRecognition(String callId, Executor callbacks, Consumer<Partial> onPartial) {
    return new RecognitionSession(asr, asrWorker(), callbacks, onPartial, callId);
  }

  /** One whole utterance through a one-off session (tools and tests; calls use {@link #openRecognition}). */
  public Future<Transcript> recognize(short[] utterance) {
    RecognitionSession s = new RecognitionSession(asr, asrWorker(), Runnable::run, p -> { }, "one-off");
    s.accept(utterance);
    Future<Transcript> t = s.finish();
    s.close();
    return t;
  }

  private Executor asrWorker() {
    return task -> {
      if (asrClosed) { // a closed pool would fail the task silently; the session fails the utterance instead
        throw new java.util.concurrent.RejectedExecutionException("the voicebot-asr pool is closed");
      }
      asrPool.executeBlocking(() -> {
        task.run();
        return null;
      }, false);
    };
  }

  /** Renders every fixed prompt once, so callers never wait for synthesis of a known prompt. */
  public Future<Void> warmPromptCache(Collection<String> prompts) {
    long t0 = System.nanoTime();
    return ttsPool.<Void>executeBlocking(() -> {
      for (String p : prompts) {
        if (!promptCache.containsKey(p)) {
          promptCache.put(p, tts.synthesize(p, Voice.BOT));
        }
      }
      return null;
    }, false).onSuccess(v -> log.info("prompt cache: {} prompts rendered in {} ms", promptCache.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
  }

  @Override
  public void close() {
    ttsPool.close();
    asrClosed = true;
    asrPool.close();
  }
}
