package org.voicebot.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogDefinitionException;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.gateway.asr.CombinedStreamingRecognizer;
import org.voicebot.gateway.asr.DialogVocabulary;
import org.voicebot.gateway.asr.EngineSelection;
import org.voicebot.gateway.asr.ModelLoadException;
import org.voicebot.gateway.asr.moonshine.MoonshineRecognizer;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.sphinx.SphinxRecognizer;
import org.voicebot.gateway.asr.sphinx.SphinxIncrementalRecognizer;
import org.voicebot.gateway.asr.vosk.VoskRecognizer;
import org.voicebot.gateway.asterisk.agi.AgiCallPath;
import org.voicebot.gateway.asterisk.agi.FastAgiServer;
import org.voicebot.gateway.callback.CallbackChoice;
import org.voicebot.gateway.callback.CallbackOfferPath;
import org.voicebot.gateway.callback.CallbackRegistry;
import org.voicebot.gateway.asterisk.ari.AriClient;
import org.voicebot.gateway.asterisk.ari.StasisApp;
import org.voicebot.gateway.backend.BackendClient;
import org.voicebot.gateway.call.CallControl;
import org.voicebot.gateway.call.CallSession;
import org.voicebot.gateway.call.CallSettings;
import org.voicebot.gateway.call.SummaryStore;
import org.voicebot.gateway.config.ConfigException;
import org.voicebot.gateway.config.GatewayConfig;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.http.Health;
import org.voicebot.gateway.http.HttpApi;
import org.voicebot.gateway.media.MediaRegistry;
import org.voicebot.gateway.media.audiosocket.AudioSocketServer;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.metrics.CallMetrics;
import org.voicebot.gateway.metrics.JvmMetrics;
import org.voicebot.gateway.nlu.SentenceEmbeddings;
import org.voicebot.gateway.speech.SpeechServices;
import org.voicebot.gateway.tts.MaryTtsSynthesizer;
import org.voicebot.gateway.tts.SpeechSynthesizer;

/**
 * The voice gateway, assembled: models loaded once, then the HTTP API, the AudioSocket server, the
 * ARI application and the FastAGI server. {@link #start} completes when it is ready to take calls.
 */
public final class GatewayServer {

  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final CallEventLog events;
  private final SummaryStore summaries = new SummaryStore(1000);
  private final MediaRegistry media = new MediaRegistry();
  private final CallbackRegistry callbacks = new CallbackRegistry(1000);
  private SpeechSynthesizer tts;
  private StreamingRecognizer asr;
  private SpeechServices speech;
  private DialogEngine dialog;
  private SentenceEmbeddings embeddings;
  private FrustrationConfig frustrationConfig;
  private PrometheusMeterRegistry registry;
  private CallMetrics metrics;
  private JvmMetrics jvm;
  private HttpServer http;
  private AudioSocketServer audioSocket;
  private AriClient ari;
  private StasisApp stasis;
  private BackendClient backend;
  private FastAgiServer fastAgi;
  private AgiCallPath agiCalls;
  private CallSession.Services callServices;
  /** Calls that may still be going on, for the hand-over at shutdown. */
  private final java.util.Set<CallSession> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private int httpPort;
  private int audioSocketPort;
  private int agiPort;

  private GatewayServer(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.events = new CallEventLog(config.events().retainedCalls(), java.time.Clock.systemUTC());
  }

  /** Loads everything and listens; fails with a message naming what could not start. */
  public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config) {
    GatewayServer s = new GatewayServer(vertx, config);
    return s.boot().map(v -> s);
  }

  private Future<Void> boot() {
    try {
      frustrationConfig = frustration(config.frustration());
      dialog = new DialogEngine(loadDialog(), frustrationConfig, embeddings());
    } catch (DialogDefinitionException | ConfigException e) {
      return Future.failedFuture(e);
    }
    // The recognizer must be able to hear the frustration cues the detector listens for (DialogVocabulary adds them).
    List<String> phrases = DialogVocabulary.phrases(dialog, frustrationConfig);
    if (config.agi().enabled()) {
      phrases.addAll(CallbackChoice.PHRASES); // the callback offer after an unanswered queue (FastAGI)
    }
    SphinxRecognizer.Vocabulary dialogVocabulary = DialogVocabulary.sphinx(dialog, frustrationConfig);
    // Without per-prompt grammars (asr.grammarPerPrompt) no request/digit grammar is built: one grammar for all.
    SphinxRecognizer.Vocabulary vocabulary = new SphinxRecognizer.Vocabulary(phrases,
        config.asr().grammarPerPrompt() ? dialogVocabulary.requests() : List.of(),
        dialogVocabulary.commands(), dialogVocabulary.digitSlotNames());
    Future<SpeechSynthesizer> ttsReady = vertx.executeBlocking(MaryTtsSynthesizer::start, false);
    Future<StreamingRecognizer> asrReady = vertx.executeBlocking(() -> loadRecognizer(phrases, vocabulary), false);
    return Future.all(ttsReady, asrReady).compose(v -> {
      tts = ttsReady.result();
      asr = asrReady.result();
      int cores = Runtime.getRuntime().availableProcessors();
      speech = new SpeechServices(vertx, tts, asr, config.asr().decoders(), Math.max(2, cores));
      // The hold line first: without it a synthesis failure would leave callers in silence.
      return speech.renderHoldPrompt().compose(x -> speech.renderFallbackBriefing()).compose(x -> config.tts().cachePrompts()
          ? speech.warmPromptCache(prompts()) : Future.succeededFuture());
    }).compose(v -> startEdges());
  }

  /** The sentence-embedding model the dialog understands callers by; loaded once, shared by every call. */
  private SentenceEmbeddings embeddings() {
    long t0 = System.nanoTime();
    embeddings = SentenceEmbeddings.loadBundled();
    log.info("understanding: intents by meaning with {} (loaded in {} ms)", embeddings.describe(),
        (System.nanoTime() - t0) / 1_000_000);
    return embeddings;
  }

  private List<String> prompts() {
    List<String> out = new ArrayList<>(dialog.staticPrompts());
    if (config.agi().enabled()) {
      out.addAll(CallbackOfferPath.prompts());
    }
    return out;
  }

  private DialogDefinition loadDialog() throws DialogDefinitionException {
    Optional<java.nio.file.Path> file = config.dialog().file();
    return file.isPresent() ? DialogDefinition.load(file.get()) : DialogDefinition.builtIn(config.dialog().builtIn());
  }

  /** Picks and loads the recognition engine (see {@link EngineSelection}); logs one line saying which and why. */
  private StreamingRecognizer loadRecognizer(List<String> phrases, SphinxRecognizer.Vocabulary vocabulary) throws Exception {
    GatewayConfig.Asr a = config.asr();
    EngineSelection.Mode mode = EngineSelection.Mode.valueOf(a.engine().name());
    EngineSelection.Choice choice;
    try {
      choice = EngineSelection.choose(mode, a.voskModel(), folder -> {
        VoskRecognizer v = VoskRecognizer.load(folder, a.voskGrammar() ? phrases : List.of());
        return new EngineSelection.Loaded(v, v.describe());
      }, () -> embeddedRecognizer(mode, phrases, vocabulary));
    } catch (ModelLoadException e) {
      throw new ConfigException("asr.voskModel: " + e.getMessage() + " (asr.engine is vosk; set it to auto to fall"
          + " back to the embedded Sphinx4 engine)");
    }
    log.info(choice.logLine());
    return choice.recognizer();
  }

  /**
   * The embedded engine: Sphinx4 with the dialog's grammars, decoding while the caller speaks, and, unless
   * asr.engine is sphinx, the bundled Moonshine model in front of it (Moonshine's free reading first, Sphinx4's
   * grammar reading as the alternative; see CombinedStreamingRecognizer). A build without the model runs Sphinx4
   * alone in auto mode and refuses to start in moonshine mode.
   */
  private EngineSelection.Choice embeddedRecognizer(EngineSelection.Mode mode, List<String> phrases,
      SphinxRecognizer.Vocabulary vocabulary) {
    GatewayConfig.Asr a = config.asr();
    String grammar = "Sphinx4 with a grammar of " + phrases.size() + " dialog phrases"
        + (vocabulary.requests().isEmpty() ? " at every prompt, "
            : " (per prompt: " + vocabulary.requests().size() + " request phrases; digits), ")
        + a.decoders() + " decoders, decoding while the caller speaks";
    MoonshineRecognizer moonshine = null;
    String without = "";
    if (mode != EngineSelection.Mode.SPHINX) {
      try {
        moonshine = MoonshineRecognizer.loadBundled();
      } catch (ModelLoadException e) {
        if (mode == EngineSelection.Mode.MOONSHINE) {
          throw new ConfigException("asr.engine: moonshine, but " + e.getMessage()
              + " (set asr.engine to auto or sphinx to run Sphinx4 alone)");
        }
        without = " (Moonshine not loaded: " + e.getMessage() + ")";
      }
    }
    StreamingRecognizer sphinx;
    try {
      sphinx = new SphinxIncrementalRecognizer(SphinxRecognizer.create(vocabulary, a.decoders()));
    } catch (RuntimeException e) {
      if (moonshine != null) {
        moonshine.close();
      }
      throw e;
    }
    if (moonshine == null) {
      return new EngineSelection.Choice(sphinx, "speech recognition: embedded " + grammar
          + (mode == EngineSelection.Mode.SPHINX ? " (asr.engine=sphinx)" : without));
    }
    return new EngineSelection.Choice(new CombinedStreamingRecognizer(moonshine, sphinx),
        "speech recognition: embedded " + moonshine.describe() + " first, then " + grammar
            + " as the second reading" + (mode == EngineSelection.Mode.MOONSHINE ? " (asr.engine=moonshine)" : ""));
  }

  private Future<Void> startEdges() {
    registry = JvmMetrics.newPrometheusRegistry();
    jvm = JvmMetrics.bindTo(registry);
    metrics = new CallMetrics(registry, events);
    HttpApi api = new HttpApi(vertx, events, registry, this::health, summaries::fetchWav, summaries::json)
        .callbacks(callbacks::json);
    http = vertx.createHttpServer();
    audioSocket = new AudioSocketServer(vertx, media, config.audiosocket().maxPayloadBytes(), 5000);
    Future<HttpServer> httpUp = http.requestHandler(api.router()).listen(config.http().port(), config.http().host());
    Future<Integer> asUp = audioSocket.listen(config.audiosocket().host(), config.audiosocket().port());
    return Future.all(httpUp, asUp).compose(v -> {
      httpPort = httpUp.result().actualPort();
      audioSocketPort = asUp.result();
      log.info("HTTP API on {}:{}, AudioSocket on {}:{}", config.http().host(), httpPort,
          config.audiosocket().host(), audioSocketPort);
      callServices = callServices();
      Future<Void> ariUp = config.ari().enabled() ? startAri() : Future.succeededFuture();
      return ariUp.compose(x -> config.agi().enabled() ? startAgi() : Future.succeededFuture());
    });
  }

  /** What every call shares, whichever edge it came in by. */
  private CallSession.Services callServices() {
    GatewayConfig.Call c = config.call();
    CallSettings settings = new CallSettings(c.noInputMs(), c.bargeIn(), c.maxCallMs(),
        new Endpointer.Settings(c.vadThresholdDb(), 60, c.endpointSilenceMs(), c.maxUtteranceMs(), 300, 200, 120),
        config.http().baseUrl(httpPort),
        new CallSettings.EndOfTurn(c.adaptiveEndOfTurn(), Math.min(c.endpointCompleteSilenceMs(), c.endpointSilenceMs()),
            Math.max(c.endpointDigitsSilenceMs(), c.endpointSilenceMs())));
    backend = new BackendClient(vertx, new BackendClient.Settings(config.dialog().backendUrl(),
        config.dialog().backendTimeoutMs()));
    if (!backend.configured()) {
      log.warn("dialog.backendUrl is empty: intents that need the business backend will go to a person");
    }
    return new CallSession.Services(vertx, events, speech, dialog, summaries, settings, backend);
  }

  private CallSession newCall(String uuid, String callerNumber, CallControl control) {
    CallSession s = new CallSession(callServices, uuid, callerNumber, control);
    live.removeIf(CallSession::ended);
    live.add(s);
    return s;
  }

  private Future<Void> startAri() {
    GatewayConfig.Ari a = config.ari();
    ari = new AriClient(vertx, new AriClient.Settings(a.url(), a.username(), a.password(), a.app(),
        a.requestTimeoutMs(), a.reconnectMinMs(), a.reconnectMaxMs()));
    GatewayConfig.Call c = config.call();
    stasis = new StasisApp(vertx, ari, media, config.audiosocket().advertisedAddress(audioSocketPort),
        new StasisApp.TransferTarget(c.transferContext(), c.transferExtension(), c.transferPriority()),
        StasisApp.Timing.DEFAULT, (ids, control) -> newCall(ids.uuid(), ids.callerNumber(), control),
        this::strandedCallerVariables);
    // Asterisk may be down at start-up: keep retrying in the background, serve HTTP meanwhile.
    ari.connect().onFailure(e -> log.error("ARI: {}", e.getMessage()));
    return Future.succeededFuture();
  }

  /** The summary an agent gets for a caller an earlier gateway left in Stasis. */
  static final String STRANDED_SUMMARY = "The voice gateway restarted while this caller was with the automated"
      + " assistant. There is no summary of the call.";

  /**
   * A caller found in Stasis without a call of ours (an earlier gateway died): the variables of a system-error
   * hand-over, with the fallback briefing served under a call id of its own so its URL plays.
   */
  private Map<String, String> strandedCallerVariables(String channelId) {
    String id = "stranded-" + channelId.replaceAll("[^A-Za-z0-9._-]", "_");
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("BOT_OUTCOME", "transferred");
    vars.put("BOT_REASON", org.voicebot.dialog.TransferReason.SYSTEM_ERROR.wire());
    vars.put("BOT_SUMMARY", STRANDED_SUMMARY);
    vars.put("BOT_INTENT", "");
    vars.put("BOT_FRUSTRATION", "0.00");
    short[] fallback = speech.fallbackBriefing();
    if (fallback != null) {
      summaries.putWithoutSummary(id, STRANDED_SUMMARY,
          io.vertx.core.buffer.Buffer.buffer(org.voicebot.gateway.tts.Pcm.wavBytes(fallback, 8000)));
      vars.put("BOT_SUMMARY_URL", callServices.settings().publicBaseUrl() + "/calls/" + id + "/summary.wav");
    } else {
      vars.put("BOT_SUMMARY_URL", "");
    }
    vars.put("BOT_QUEUE", dialog.definition().transferQueue());
    return vars;
  }

  private Future<Void> startAgi() {
    GatewayConfig.Agi g = config.agi();
    agiCalls = new AgiCallPath(vertx, media, config.audiosocket().advertisedAddress(audioSocketPort),
        AgiCallPath.Timing.DEFAULT, (ids, control) -> newCall(ids.uuid(), ids.callerNumber(), control));
    CallbackOfferPath offers = new CallbackOfferPath(vertx, media,
        config.audiosocket().advertisedAddress(audioSocketPort), speech, callbacks, events,
        CallbackOfferPath.Settings.defaults(callServices.settings().endpointer()));
    fastAgi = new FastAgiServer(vertx, FastAgiServer.Settings.defaults(AgiCallPath.SCRIPT),
        Map.of(AgiCallPath.SCRIPT, agiCalls::onSession, CallbackOfferPath.SCRIPT, offers::onSession));
    return fastAgi.listen(g.host(), g.port()).map(port -> {
      agiPort = port;
      log.info("FastAGI on {}:{} (dialplan: AGI(agi://{}:{}/{}))", g.host(), port, g.host(), port, AgiCallPath.SCRIPT);
      return null;
    });
  }

  private Health health() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("ari", ari == null ? "disabled" : ari.connected() ? "connected" : "disconnected");
    c.put("agi", fastAgi == null ? "disabled" : agiPort > 0 ? "listening" : "starting");
    c.put("asr", asr == null ? "loading" : asr.engineName());
    c.put("tts", tts == null ? "loading" : "marytts");
    c.put("active_calls", Integer.toString(events.activeCalls()));
    boolean up = ari == null || ari.connected();
    return up ? Health.up(c) : new Health(Health.Status.DEGRADED, c);
  }

  /** The dialog engine's frustration settings, with the threshold and any weights from configuration. */
  public static FrustrationConfig frustration(GatewayConfig.Frustration f) throws ConfigException {
    FrustrationConfig base = FrustrationConfig.defaults().withTransferThreshold(f.threshold())
        .withOfferPersonFirst(f.offerPersonFirst(), f.reofferMargin());
    if (f.weights().isEmpty()) {
      return base;
    }
    RecordComponent[] parts = FrustrationConfig.class.getRecordComponents();
    Object[] values = new Object[parts.length];
    List<String> known = new ArrayList<>();
    try {
      for (int i = 0; i < parts.length; i++) {
        values[i] = parts[i].getAccessor().invoke(base);
        if (parts[i].getType() == double.class && !parts[i].getName().equals("reofferMargin")) { // its own key
          known.add(parts[i].getName());
        }
      }
      for (var w : f.weights().entrySet()) {
        int i = known.indexOf(w.getKey());
        if (i < 0) {
          throw new ConfigException(List.of("frustration.weights." + w.getKey() + ": unknown weight (allowed: "
              + String.join(", ", known) + ")"));
        }
        for (int j = 0; j < parts.length; j++) {
          if (parts[j].getName().equals(w.getKey())) {
            values[j] = w.getValue();
          }
        }
      }
      Class<?>[] types = java.util.Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new);
      return FrustrationConfig.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException(List.of("frustration.weights: " + cause.getMessage()));
    }
  }

  /** The call metrics (also on {@code /metrics}); null before start-up completes. */
  public CallMetrics callMetrics() {
    return metrics;
  }

  public CallEventLog events() {
    return events;
  }

  /** Callers who asked to be called back (the callback offer after an unanswered queue). */
  public CallbackRegistry callbacks() {
    return callbacks;
  }

  public SummaryStore summaries() {
    return summaries;
  }

  public SpeechSynthesizer synthesizer() {
    return tts;
  }

  public int httpPort() {
    return httpPort;
  }

  public int audioSocketPort() {
    return audioSocketPort;
  }

  /** The FastAGI server's bound port (0 when agi.enabled is false). */
  public int agiPort() {
    return agiPort;
  }

  public String appName() {
    return config.ari().app();
  }

  /**
   * Stops the gateway. Calls still with the bot are first handed to a person (the caller hears why, the
   * dialplan queues them with BOT_REASON=system_error), for up to {@code HAND_OVER_MS}: over ARI a caller
   * left in Stasis by a vanished gateway would otherwise wait in silence; over FastAGI the closing sockets
   * would send them to the queue anyway, but without a summary.
   */
  public Future<Void> stop() {
    List<CallSession> going = live.stream().filter(s -> !s.ended()).toList();
    return handOverLiveCalls(going).eventually(this::closeCallEdges)
        .eventually(() -> briefingsFetched(going)).eventually(this::closeEverything);
  }

  /** The apology and hand-over line take about 10 s to say; systemd's default stop timeout is 90 s. */
  private static final long HAND_OVER_MS = 20_000;
  /**
   * After the hand-over, how long the HTTP API stays up for the briefings just handed out: Asterisk fetches
   * one when an agent answers, and a URL that no longer answers plays nothing to that agent.
   */
  private static final long BRIEFING_GRACE_MS = 30_000;

  private Future<Void> briefingsFetched(List<CallSession> handedOver) {
    List<String> waiting = handedOver.stream().map(CallSession::callId).filter(id -> !summaries.fetched(id)).toList();
    if (waiting.isEmpty() || http == null) {
      return Future.succeededFuture();
    }
    log.info("stopping: serving {} briefing(s) until the agents' queue has fetched them (at most {} s)",
        waiting.size(), BRIEFING_GRACE_MS / 1000);
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(BRIEFING_GRACE_MS);
    vertx.setPeriodic(100, id -> {
      long left = waiting.stream().filter(c -> !summaries.fetched(c)).count();
      if (left == 0 || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        if (left > 0) {
          log.warn("{} briefing(s) not fetched within {} s; their agents will hear none", left, BRIEFING_GRACE_MS / 1000);
        }
        done.tryComplete();
      }
    });
    return done.future();
  }

  private Future<Void> handOverLiveCalls(List<CallSession> going) {
    if (going.isEmpty()) {
      return Future.succeededFuture();
    }
    log.warn("stopping with {} call(s) in progress: handing them to a person first", going.size());
    going.forEach(s -> s.handOver("the voice gateway is shutting down"));
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(HAND_OVER_MS);
    vertx.setPeriodic(100, id -> {
      boolean allEnded = going.stream().allMatch(CallSession::ended);
      if (allEnded || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        if (!allEnded) {
          log.warn("{} call(s) not handed over within {} ms; closing anyway",
              going.stream().filter(s -> !s.ended()).count(), HAND_OVER_MS);
        }
        done.tryComplete();
      }
    });
    return done.future();
  }

  /** No new calls: Stasis() and AGI() fail open to the queue from now on. */
  private Future<Void> closeCallEdges() {
    List<Future<?>> closing = new ArrayList<>();
    if (ari != null) {
      // the handed-over calls' media channels and bridges are deleted first, or they would stay in Asterisk
      Future<Boolean> cleaned = atMost(stasis == null ? Future.succeededFuture(true) : stasis.settled(5000), 6000, false);
      closing.add(cleaned.onSuccess(done -> {
        if (!done) {
          log.warn("stopping: ARI clean-ups not finished within 5 s; what is left is removed at the next start");
        }
      }).eventually(() -> ari.close()));
    }
    if (fastAgi != null) {
      closing.add(fastAgi.close());
    }
    if (audioSocket != null) {
      closing.add(audioSocket.close());
    }
    return Future.join(closing).mapEmpty();
  }

  /** {@code f}'s result, or {@code otherwise} after {@code ms}: no stage of a shutdown may hang it. */
  private <T> Future<T> atMost(Future<T> f, long ms, T otherwise) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(ms, id -> p.tryComplete(otherwise));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      p.tryComplete(ar.succeeded() ? ar.result() : otherwise);
    });
    return p.future();
  }

  private Future<Void> closeEverything() {
    List<Future<?>> closing = new ArrayList<>();
    if (http != null) {
      closing.add(http.close());
    }
    return Future.join(closing).<Void>mapEmpty().eventually(() -> {
      if (metrics != null) {
        metrics.close();
      }
      if (speech != null) {
        speech.close();
      }
      closeQuietly(backend);
      closeQuietly(asr);
      closeQuietly(tts);
      return Future.succeededFuture();
    });
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

}
