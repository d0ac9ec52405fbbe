package org.voicebot.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.asr.CombinedRecognizer;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.moonshine.MoonshineRecognizer;
import org.voicebot.gateway.asr.sphinx.SphinxRecognizer;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.sphinx.SphinxIncrementalRecognizer;
import org.voicebot.gateway.asr.sphinx.SphinxStreamingRecognizer;
import org.voicebot.gateway.backend.BackendClient;
import org.voicebot.gateway.call.CallControl;
import org.voicebot.gateway.call.CallSession;
import org.voicebot.gateway.call.CallSettings;
import org.voicebot.gateway.call.SummaryStore;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.speech.SpeechServices;
import org.voicebot.gateway.tts.MaryTtsSynthesizer;
import org.voicebot.gateway.tts.Pcm;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.Voice;

/**
 * {@code ./voicebot bench-speech}: what the speech engines cost on this machine. A benchmark, not a
 * test: it prints figures and judges nothing. Recognition runs the embedded engines (Sphinx4, Moonshine when the
 * build bundles it, and the two as the default pair) on the WAV fixtures of
 * {@code voice-gateway/src/test/resources/asr/}; synthesis runs MaryTTS through
 * {@link SpeechServices} exactly as a call does.
 */
public final class SpeechBenchmark {

  /** Two sentences, not a dialog prompt (so never cached unless the benchmark caches it). */
  static final String TWO_SENTENCES = "Your last payment of forty two dollars reached us on Monday the third. "
      + "Your next bill will be sent at the end of the month.";
  private static final String[] TTS_TEXTS = {
      "Sorry, I didn't catch that. Please tell me in a few words what you need.",
      "I can help with your balance, paying a bill, power or water outages, and our opening hours.",
      "Thank you. Your meter reading has been recorded, and your reference number is four five one.",
      "Our offices are open from eight in the morning to six in the evening, Monday to Friday."};
  private static final long MB = 1024 * 1024;

  private final int maxStreams;
  private final int calls;
  private final Path fixtures;

  private final boolean lagOnly;

  private SpeechBenchmark(int maxStreams, int calls, Path fixtures, boolean lagOnly) {
    this.maxStreams = maxStreams;
    this.calls = calls;
    this.fixtures = fixtures;
    this.lagOnly = lagOnly;
  }

  public static int run(String[] args) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int maxStreams = 2 * cores + 2;
    int calls = 20;
    Path fixtures = Path.of(System.getProperty("voicebot.home", "."), "voice-gateway/src/test/resources/asr");
    boolean lagOnly = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--asr-lag")) {
        lagOnly = true;
        continue;
      }
      if (i + 1 >= args.length) {
        System.err.println("bench-speech: " + a + " needs a value");
        return 2;
      }
      try {
        switch (a) {
          case "--max-streams" -> maxStreams = positive(a, args[++i]);
          case "--calls" -> calls = positive(a, args[++i]);
          case "--fixtures" -> fixtures = Path.of(args[++i]);
          default -> {
            System.err.println("bench-speech: unknown option " + a
                + " (options: --max-streams N, --calls N, --fixtures DIR, --asr-lag)");
            return 2;
          }
        }
      } catch (IllegalArgumentException e) {
        System.err.println("bench-speech: " + e.getMessage());
        return 2;
      }
    }
    long heapRoom = Runtime.getRuntime().maxMemory() / MB - 500; // MaryTTS, dialog, calls
    int byHeap = (int) Math.max(1, heapRoom / 110);                  // ~100 MB heap per Sphinx decoder
    if (byHeap < maxStreams) {
      System.out.printf("note: max heap %d MB allows %d Sphinx decoders (not %d); raise -Xmx via VOICEBOT_JAVA_OPTS%n",
          Runtime.getRuntime().maxMemory() / MB, byHeap, maxStreams);
      maxStreams = byHeap;
    }
    new SpeechBenchmark(maxStreams, calls, fixtures, lagOnly).run();
    return 0;
  }

  private static int positive(String option, String value) {
    try {
      int v = Integer.parseInt(value);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a whole number >= 1, not '" + value + "'");
  }

  private void run() throws Exception {
    machine();
    List<short[]> audio = loadFixtures();
    DialogEngine dialog = new DialogEngine(DialogDefinition.builtIn("utility-support"), FrustrationConfig.defaults(),
        org.voicebot.gateway.nlu.SentenceEmbeddings.loadBundled());
    // the gateway's own main grammar (DialogVocabulary: the dialog's short phrases and the frustration cues)
    List<String> phrases = org.voicebot.gateway.asr.DialogVocabulary.phrases(dialog, FrustrationConfig.defaults());
    if (lagOnly) {
      try (SphinxRecognizer asr = SphinxRecognizer.create(phrases, 1)) {
        decodeAll(asr, audio); // warm-up (JIT)
        asrLag(asr, audio);
      }
      return;
    }

    long t0 = System.nanoTime();
    MaryTtsSynthesizer tts = MaryTtsSynthesizer.start();
    System.out.printf("MaryTTS start-up (with warm-up): %d ms%n", ms(System.nanoTime() - t0));
    t0 = System.nanoTime();
    SphinxRecognizer asr = SphinxRecognizer.create(phrases, maxStreams);
    System.out.printf("Sphinx4 start-up, %d decoders: %d ms%n%n", maxStreams, ms(System.nanoTime() - t0));

    recognition("Sphinx4", asr, audio);
    asrLag(asr, audio);
    if (MoonshineRecognizer.bundled()) {
      t0 = System.nanoTime();
      try (MoonshineRecognizer moonshine = MoonshineRecognizer.loadBundled()) {
        System.out.printf("Moonshine start-up: %d ms (%s)%n%n", ms(System.nanoTime() - t0), moonshine.describe());
        recognition("Moonshine", moonshine, audio);
        moonshineLag(moonshine, audio);
        // the default pair: each utterance decoded by both (in a call Sphinx4 runs while the caller speaks)
        // not closed: closing the pair would close the shared Sphinx4 pool, which the rest of the benchmark uses
        recognition("the pair, Moonshine + Sphinx4, one after the other", new CombinedRecognizer(moonshine, asr), audio);
      }
    } else {
      System.out.println("Moonshine: not bundled in this build (the model is fetched by the build); skipped\n");
    }
    synthesis(tts);
    Vertx vertx = Vertx.vertx();
    try {
      SpeechServices speech = new SpeechServices(vertx, tts, new SphinxStreamingRecognizer(asr), maxStreams, Math.max(2, Runtime.getRuntime()
          .availableProcessors()));
      await(speech.renderHoldPrompt());
      firstAudio(speech);
      perCall(vertx, speech, dialog);
      speech.close();
    } finally {
      await(vertx.close());
      asr.close();
      tts.close();
    }
  }

  // ---- end of speech to transcript ----------------------------------------------------------------

  /**
   * What decoding adds to the caller's wait: from the end of the utterance (the endpointer hands it on) to
   * its transcript, one stream, each fixture. Whole utterance: Sphinx4 decodes all of it then. Incremental:
   * the fixture is fed in 20 ms frames at the line's pace while the decoder runs, so only the tail is left.
   */
  private static void asrLag(SphinxRecognizer asr, List<short[]> audio) throws Exception {
    System.out.println("== asr lag: end of speech to transcript (Sphinx4, one stream, " + audio.size() + " utterances)");
    List<Long> whole = new ArrayList<>();
    List<Long> incremental = new ArrayList<>();
    int differ = 0;
    SphinxIncrementalRecognizer streaming = new SphinxIncrementalRecognizer(asr);
    try (RecognitionStream s = streaming.openStream()) {
      for (short[] pcm : audio) {
        long t0 = System.nanoTime();
        String w = asr.recognize(pcm).text();
        whole.add(ms(System.nanoTime() - t0));
        long next = System.nanoTime();
        for (int i = 0; i < pcm.length; i += 160) {
          s.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
          next += 20_000_000L;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
          }
        }
        t0 = System.nanoTime();
        String inc = s.finish().text();
        incremental.add(ms(System.nanoTime() - t0));
        if (!inc.equals(w)) {
          differ++;
          System.out.printf("  utterance %d: whole [%s], incremental [%s]%n", whole.size(), w, inc);
        }
      }
    }
    // Not closed: that would close the shared decoder pool, which the rest of the benchmark still uses.
    System.out.printf("  whole utterance, decoded at its end: p50 %d ms, p95 %d ms, max %d ms%n", pct(whole, 50),
        pct(whole, 95), pct(whole, 100));
    System.out.printf("  incremental, decoded while fed at real time: p50 %d ms, p95 %d ms, max %d ms%n",
        pct(incremental, 50), pct(incremental, 95), pct(incremental, 100));
    System.out.printf("  transcripts that differ between the two: %d of %d (the stream is one call: its cepstral mean"
        + " carries over from its earlier utterances; the whole-utterance path starts each from the telephone prior)%n%n",
        differ, audio.size());
  }

  /** What Moonshine adds at the end of an utterance: it decodes the whole utterance then (one stream). */
  private static void moonshineLag(MoonshineRecognizer moonshine, List<short[]> audio) throws Exception {
    List<Long> lag = new ArrayList<>();
    for (short[] pcm : audio) {
      long t0 = System.nanoTime();
      moonshine.recognize(pcm);
      lag.add(ms(System.nanoTime() - t0));
    }
    System.out.printf("== asr lag (Moonshine, one stream): whole utterance decoded at its end: p50 %d ms, p95 %d ms,"
        + " max %d ms (in a call this runs while Sphinx4 finishes its tail; the transcript waits for the later of the"
        + " two)%n%n", pct(lag, 50), pct(lag, 95), pct(lag, 100));
  }

  private static long pct(List<Long> values, int p) {
    List<Long> v = new ArrayList<>(values);
    v.sort(null);
    return v.isEmpty() ? 0 : v.get(Math.min(v.size() - 1, (int) Math.ceil(p / 100.0 * v.size()) - (p == 0 ? 0 : 1)));
  }

  // ---- machine ---------------------------------------------------------------------------------

  private static void machine() {
    String cpu = "unknown";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
    } catch (IOException ignored) {
      // not Linux
    }
    System.out.println("== machine");
    System.out.printf("cores: %d, CPU: %s, Java %s (%s), max heap %d MB, load average %s%n",
        Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"),
        System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() / MB, loadAverage());
    System.out.println();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  // ---- recognition -----------------------------------------------------------------------------

  private List<short[]> loadFixtures() throws IOException {
    List<short[]> out = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(fixtures)) {
      try (var files = Files.list(fixtures)) {
        files.filter(p -> p.toString().endsWith(".wav")).sorted().forEach(p -> names.add(p.toString()));
      }
      for (String n : names) {
        out.add(Pcm.readWav(Path.of(n)).samples());
      }
    } else {
      // From the classpath (test resources): the TSV lists name the files.
      for (String tsv : List.of("phrases.tsv", "out-of-grammar.tsv")) {
        try (InputStream in = SpeechBenchmark.class.getResourceAsStream("/asr/" + tsv)) {
          if (in == null) {
            continue;
          }
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String file = line.split("\t")[0];
            if (file.endsWith(".wav")) {
              try (InputStream w = SpeechBenchmark.class.getResourceAsStream("/asr/" + file)) {
                out.add(Pcm.readWav(w.readAllBytes()).samples());
              }
            }
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no WAV fixtures in " + fixtures.toAbsolutePath()
          + " nor /asr/ on the classpath (use --fixtures DIR)");
    }
    return out;
  }

  private void recognition(String engine, SpeechRecognizer asr, List<short[]> audio) throws Exception {
    double audioS = audio.stream().mapToInt(a -> a.length).sum() / 8000.0;
    System.out.printf("== recognition (%s, %d utterances, %.1f s of 8 kHz audio per stream)%n", engine, audio.size(),
        audioS);
    decodeAll(asr, audio); // warm-up (JIT)
    int best = 0;
    for (int n = 1; n <= maxStreams; n++) {
      double[] rtf = parallelDecodes(asr, audio, n);
      double worst = Arrays.stream(rtf).max().orElse(0);
      double mean = Arrays.stream(rtf).average().orElse(0);
      System.out.printf("  %2d parallel stream(s): real-time factor per stream mean %.3f, worst %.3f%s%n", n, mean,
          worst, worst < 1 ? "" : "  (slower than real time)");
      if (worst < 1) {
        best = n;
      } else {
        break;
      }
    }
    System.out.printf("streams faster than real time on all %d cores: %d%s%n%n",
        Runtime.getRuntime().availableProcessors(), best, best == maxStreams ? " (or more: the limit tried)" : "");
  }

  private static double[] parallelDecodes(SpeechRecognizer asr, List<short[]> audio, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<CompletableFuture<Double>> runs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        runs.add(CompletableFuture.supplyAsync(() -> decodeAll(asr, audio), pool));
      }
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = runs.get(i).get();
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Decodes every utterance once; returns decode time / audio time. */
  private static double decodeAll(SpeechRecognizer asr, List<short[]> audio) {
    long samples = 0;
    long t0 = System.nanoTime();
    try {
      for (short[] a : audio) {
        asr.recognize(a);
        samples += a.length;
      }
    } catch (Exception e) {
      throw new IllegalStateException("recognition failed: " + e.getMessage(), e);
    }
    return (System.nanoTime() - t0) / 1e9 / (samples / 8000.0);
  }

  // ---- synthesis -------------------------------------------------------------------------------

  private static void synthesis(SpeechSynthesizer tts) throws Exception {
    System.out.println("== synthesis (MaryTTS cmu-slt-hsmm, 48 kHz -> 8 kHz)");
    long samples = 0;
    long t0 = System.nanoTime();
    for (String t : TTS_TEXTS) {
      samples += tts.synthesize(t, Voice.BOT).length;
    }
    double rtf = (System.nanoTime() - t0) / 1e9 / (samples / 8000.0);
    System.out.printf("  real-time factor, one stream: %.3f (%d sentences, %.1f s of speech)%n", rtf,
        TTS_TEXTS.length, samples / 8000.0);
    int n = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<CompletableFuture<Double>> runs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        runs.add(CompletableFuture.supplyAsync(() -> {
          long s = 0;
          long start = System.nanoTime();
          try {
            for (String t : TTS_TEXTS) {
              s += tts.synthesize(t, Voice.BOT).length;
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return (System.nanoTime() - start) / 1e9 / (s / 8000.0);
        }, pool));
      }
      double worst = 0;
      for (CompletableFuture<Double> r : runs) {
        worst = Math.max(worst, r.get());
      }
      System.out.printf("  real-time factor, %d parallel streams: worst %.3f%n%n", n, worst);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Time to first audio of a two-sentence reply: from the request to the moment the first samples can
   * be queued on the call's playout (a call's clock sends them at its next 10 ms tick).
   */
  private static void firstAudio(SpeechServices speech) throws Exception {
    System.out.println("== time to first audio, two-sentence reply (median of 5; the playout sends at the next"
        + " 10 ms tick)");
    long[] whole = new long[5];
    long[] streamed = new long[5];
    long[] cached = new long[5];
    for (int i = 0; i < 5; i++) {
      String text = TWO_SENTENCES.replace("third", List.of("first", "second", "third", "fourth", "fifth").get(i));
      long t0 = System.nanoTime();
      await(speech.speak(text));
      whole[i] = System.nanoTime() - t0;
      text = text.replace("Monday", "Tuesday");
      long t1 = System.nanoTime();
      long[] first = {0};
      await(speech.speakSentences(text, pcm -> {
        if (first[0] == 0) {
          first[0] = System.nanoTime();
        }
      }, () -> false));
      streamed[i] = first[0] - t1;
    }
    await(speech.warmPromptCache(List.of(TWO_SENTENCES)));
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      long[] first = {0};
      await(speech.speakSentences(TWO_SENTENCES, pcm -> {
        if (first[0] == 0) {
          first[0] = System.nanoTime();
        }
      }, () -> false));
      cached[i] = first[0] - t0;
    }
    System.out.printf("  uncached, whole reply synthesized first (before sentence streaming): %7.1f ms%n",
        median(whole) / 1e6);
    System.out.printf("  uncached, sentence streaming (first sentence only):               %7.1f ms%n",
        median(streamed) / 1e6);
    System.out.printf("  cached prompt (whole-text hit):                                    %7.3f ms%n%n",
        median(cached) / 1e6);
  }

  // ---- per call --------------------------------------------------------------------------------

  /** Calls in progress (greeting playing from the cache) with null telephony edges: heap and RSS growth. */
  private void perCall(Vertx vertx, SpeechServices speech, DialogEngine dialog) throws Exception {
    System.out.printf("== memory per call (%d calls in progress, greeting playing; no ARI/AudioSocket edge)%n", calls);
    await(speech.warmPromptCache(dialog.staticPrompts()));
    CallSettings settings = new CallSettings(60_000, true, 600_000, Endpointer.Settings.defaults(), "http://127.0.0.1");
    CallEventLog events = new CallEventLog();
    CallSession.Services svc = new CallSession.Services(vertx, events, speech, dialog,
        new SummaryStore(100), settings, new BackendClient(vertx, new BackendClient.Settings("", 1000)));
    long heap0 = usedHeapAfterGc();
    long rss0 = rssKb();
    List<CallSession> sessions = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      CallSession s = new CallSession(svc, "bench-" + i, "+15550000000", NULL_CONTROL);
      s.start();
      s.onMediaConnected(new NullLine());
      sessions.add(s);
    }
    Thread.sleep(2000); // greetings playing, caller frames arriving
    byte[] callerFrame = new byte[320];
    for (int k = 0; k < 25; k++) {
      for (CallSession s : sessions) {
        s.onAudio(callerFrame);
      }
      Thread.sleep(20);
    }
    long heap1 = usedHeapAfterGc();
    long rss1 = rssKb();
    System.out.printf("  heap added per call: %.1f KB (%d MB -> %d MB for %d calls)%n",
        (heap1 - heap0) / 1024.0 / calls, heap0 / MB, heap1 / MB, calls);
    if (rss1 >= rss0) {
      System.out.printf("  RSS added per call:  %.1f KB (%d MB -> %d MB)%n", (rss1 - rss0) / (double) calls,
          rss0 / 1024, rss1 / 1024);
    } else {
      // The calls' objects fit in heap the JVM had already committed, and GC can hand pages back.
      System.out.printf("  RSS added per call:  below measurement noise (%d MB -> %d MB for %d calls)%n",
          rss0 / 1024, rss1 / 1024, calls);
    }
    // Cached greeting: from say() (right after call_started) to its first frame on the line.
    long[] start = new long[calls];
    for (int i = 0; i < calls; i++) {
      List<CallEvent> ev = events.events("bench-" + i);
      long said = ev.stream().filter(e -> e.type() == EventType.CALL_STARTED).mapToLong(CallEvent::tMs).findFirst()
          .orElse(-1);
      long heard = ev.stream().filter(e -> e.type() == EventType.BOT_UTTERANCE_STARTED).mapToLong(CallEvent::tMs)
          .findFirst().orElse(-1);
      start[i] = said < 0 || heard < 0 ? Long.MAX_VALUE : heard - said;
    }
    Arrays.sort(start);
    System.out.printf("  cached greeting, call start to its first frame sent (%d calls starting at once):"
        + " median %d ms, max %s ms%n", calls, start[calls / 2],
        start[calls - 1] == Long.MAX_VALUE ? "(not played)" : String.valueOf(start[calls - 1]));
    sessions.forEach(CallSession::callerGone);
    Thread.sleep(200);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /** VmRSS from /proc/self/status, in KB (0 where there is no /proc). */
  static long rssKb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // not Linux
    }
    return 0;
  }

  private static final CallControl NULL_CONTROL = new CallControl() {
    @Override
    public Future<Void> transfer(java.util.Map<String, String> variables) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> hangup(java.util.Map<String, String> variables) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> release() {
      return Future.succeededFuture();
    }
  };

  private static final class NullLine implements MediaEndpoint {
    private volatile boolean open = true;

    @Override
    public void sendAudio(byte[] slin) {}

    @Override
    public void hangup() {
      open = false;
    }

    @Override
    public void close() {
      open = false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
