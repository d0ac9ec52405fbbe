package org.voicebot.gateway.speech;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.gateway.asr.Partial;
import org.voicebot.gateway.asr.RecognitionSession;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.tts.SentenceSplitter;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.SynthesisException;
import org.voicebot.gateway.tts.Voice;

/**
 * The speech engines as the calls see them: asynchronous, on named bounded worker pools so the event
 * loop never waits for a model, with the loaded models shared by every call, and a cache of the
 * dialog's fixed prompts filled at start-up so they start at once.
 *
 * <p>Bot replies stream sentence by sentence ({@link #speakSentences}): the first sentence is handed on
 * as soon as it is synthesized and plays while the next is rendered. The {@linkplain #HOLD_PROMPT hold
 * line} is rendered at start-up ({@link #renderHoldPrompt()}), so that a call whose reply cannot be
 * synthesized still hears something before it goes to a person.
 */
public final class SpeechServices implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SpeechServices.class);

  private final SpeechSynthesizer tts;
  private final StreamingRecognizer asr;
  private final WorkerExecutor ttsPool;
  private final int ttsWorkers;
  private final WorkerExecutor asrPool;
  private final WorkerExecutor nluPool;
  private volatile boolean asrClosed;
  private final Map<String, short[]> promptCache = new ConcurrentHashMap<>();
  private volatile short[] holdPrompt;
  private volatile short[] fallbackBriefing;

  /** What the caller hears when a reply cannot be synthesized, just before a person takes over. */
  public static final String HOLD_PROMPT = "Please hold while I connect you to a colleague.";
  /**
   * What the agent hears when a call's own briefing has no audio (no summary: media lost before the dialog
   * ran, a recovered caller; or its rendering failed), so that every briefing URL given to Asterisk plays.
   */
  public static final String FALLBACK_BRIEFING = "The automated assistant could not continue this call."
      + " There is no summary of it.";
  /** Silence put between streamed sentences (each keeps ~50 ms of its own quiet edges too). */
  public static final int SENTENCE_PAUSE_MS = 200;
  private static final short[] SENTENCE_PAUSE = new short[SpeechSynthesizer.SAMPLE_RATE * SENTENCE_PAUSE_MS / 1000];

  public SpeechServices(Vertx vertx, SpeechSynthesizer tts, StreamingRecognizer asr, int asrWorkers, int ttsWorkers) {
    this.tts = tts;
    this.asr = asr;
    // Long max-execute times: a model call is allowed to be slow without Vert.x calling it "blocked".
    this.ttsWorkers = ttsWorkers;
    this.ttsPool = vertx.createSharedWorkerExecutor("voicebot-tts", ttsWorkers, 60, TimeUnit.SECONDS);
    this.asrPool = vertx.createSharedWorkerExecutor("voicebot-asr", asrWorkers, 60, TimeUnit.SECONDS);
    // The sentence-embedding model (a few ms per reading) runs here, never on a call's event loop.
    this.nluPool = vertx.createSharedWorkerExecutor("voicebot-nlu", Math.max(2, Runtime.getRuntime().availableProcessors()),
        60, TimeUnit.SECONDS);
  }

  /**
   * Runs the dialog's model work for what a caller said ({@code DialogEngine.prepare}) on the understanding workers;
   * completes when it is done, also when it failed (the dialog then does the work itself, correctly but on the loop).
   */
  public Future<Void> understand(Runnable prepare) {
    return nluPool.<Void>executeBlocking(() -> {
      prepare.run();
      return null;
    }, false).otherwise(e -> {
      log.warn("understanding worker failed: {}", e.toString());
      return null;
    });
  }

  public String recognizerName() {
    return asr.engineName();
  }

  public RecognizerCapabilities recognizerCapabilities() {
    return asr.capabilities();
  }

  /**
   * Bot speech in one piece: from the prompt cache when the text is a known prompt, else synthesized
   * whole on a worker (the reply starts only when all of it is rendered; see {@link #speakSentences}).
   */
  public Future<short[]> speak(String text) {
    short[] cached = promptCache.get(text);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return synthesize(text, Voice.BOT);
  }

  /**
   * Bot speech as it becomes ready: a cached prompt is handed to {@code sink} at once, in one piece;
   * other text is split into sentences ({@link SentenceSplitter}) that are synthesized one after the
   * other (a cached sentence is not synthesized again), each handed to {@code sink} as soon as it is
   * rendered, with a short pause in front of every sentence but the first. {@code sink} and
   * {@code cancelled} run on the caller's Vert.x context. Once {@code cancelled} says true (the caller
   * barged in, the call ended) no further sentence is synthesized or handed on.
   *
   * @return completes when every sentence has been handed on (or the reply was cancelled); fails with
   *     the first sentence that could not be synthesized (sentences before it have been handed on)
   */
  public Future<Void> speakSentences(String text, Consumer<short[]> sink, BooleanSupplier cancelled) {
    short[] whole = promptCache.get(text);
    if (whole != null) {
      sink.accept(whole);
      return Future.succeededFuture();
    }
    List<String> sentences = SentenceSplitter.split(text);
    if (sentences.isEmpty()) {
      return Future.failedFuture(new SynthesisException("nothing to say: text is empty"));
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < sentences.size(); i++) {
      String sentence = sentences.get(i);
      boolean first = i == 0;
      chain = chain.compose(v -> {
        if (cancelled.getAsBoolean()) {
          return Future.succeededFuture();
        }
        short[] cached = promptCache.get(sentence);
        Future<short[]> audio = cached != null ? Future.succeededFuture(cached) : synthesize(sentence, Voice.BOT);
        return audio.map(pcm -> {
          if (!cancelled.getAsBoolean()) {
            if (!first) {
              sink.accept(SENTENCE_PAUSE);
            }
            sink.accept(pcm);
          }
          return null;
        });
      });
    }
    return chain;
  }

  /**
   * Renders {@link #HOLD_PROMPT} (and caches it). Start-up must fail when this fails: a gateway that
   * cannot even say this would leave callers in silence whenever synthesis breaks.
   */
  public Future<Void> renderHoldPrompt() {
    return ttsPool.<Void>executeBlocking(() -> {
      short[] pcm;
      try {
        pcm = tts.synthesize(HOLD_PROMPT, Voice.BOT);
      } catch (SynthesisException | RuntimeException e) {
        throw new SynthesisException("cannot start: the speech synthesizer could not render the hold prompt \""
            + HOLD_PROMPT + "\" that callers hear when synthesis fails: " + e.getMessage(), e);
      }
      promptCache.put(HOLD_PROMPT, pcm);
      holdPrompt = pcm;
      return null;
    }, false);
  }

  /**
   * Renders {@link #FALLBACK_BRIEFING} in the briefing voice. Start-up fails when this fails, as for the
   * hold line: the same synthesizer renders both, and without it a briefing URL could point at nothing.
   */
  public Future<Void> renderFallbackBriefing() {
    return ttsPool.<Void>executeBlocking(() -> {
      try {
        fallbackBriefing = tts.synthesize(FALLBACK_BRIEFING, Voice.BRIEFING);
      } catch (SynthesisException | RuntimeException e) {
        throw new SynthesisException("cannot start: the speech synthesizer could not render the agents' fallback"
            + " briefing \"" + FALLBACK_BRIEFING + "\": " + e.getMessage(), e);
      }
      return null;
    }, false);
  }

  /** The rendered {@link #FALLBACK_BRIEFING} (8 kHz), or {@code null} before {@link #renderFallbackBriefing()} succeeded. */
  public short[] fallbackBriefing() {
    return fallbackBriefing;
  }

  /** The rendered {@link #HOLD_PROMPT}, or {@code null} before {@link #renderHoldPrompt()} succeeded. */
  public short[] holdPrompt() {
    return holdPrompt;
  }

  /** True when {@code text} is in the prompt cache (it starts without synthesis). */
  public boolean cached(String text) {
    return promptCache.containsKey(text);
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

  /**
   * Renders every fixed prompt once, so callers never wait for synthesis of a known prompt. The prompts
   * are shared out over the synthesis workers (no call is up yet at start-up): start-up time is what an
   * admin waits for after a restart, while calls go straight to people.
   */
  public Future<Void> warmPromptCache(Collection<String> prompts) {
    long t0 = System.nanoTime();
    List<String> todo = prompts.stream().distinct().filter(p -> !promptCache.containsKey(p)).toList();
    int lanes = Math.max(1, Math.min(ttsWorkers, todo.size()));
    List<Future<Void>> parts = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      int first = lane;
      parts.add(ttsPool.<Void>executeBlocking(() -> {
        for (int i = first; i < todo.size(); i += lanes) {
          promptCache.put(todo.get(i), tts.synthesize(todo.get(i), Voice.BOT));
        }
        return null;
      }, false));
    }
    return Future.all(parts).<Void>mapEmpty().onSuccess(v -> log.info("prompt cache: {} prompts rendered in {} ms"
        + " on {} worker(s)", promptCache.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), lanes));
  }

  @Override
  public void close() {
    nluPool.close();
    ttsPool.close();
    asrClosed = true;
    asrPool.close();
  }
}
