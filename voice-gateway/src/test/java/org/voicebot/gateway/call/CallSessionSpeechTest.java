package org.voicebot.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.backend.BackendClient;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.speech.SpeechServices;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.SynthesisException;

/**
 * The bot's speaking side of a call, with stub engines: sentence streaming, the hold line when
 * synthesis fails, barge-in and prompts that must be heard in full.
 */
class CallSessionSpeechTest {

  private static final String GREETING_FIRST = "Hello, you've reached City Power and Water.";
  private static final String HAND_OVER_START = "I'm connecting you to a colleague now";

  /** Renders a tone whose length follows the text; texts containing a blocked word wait or fail. */
  static final class StubSynthesizer implements SpeechSynthesizer {
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Map<String, CountDownLatch> blocking = new ConcurrentHashMap<>();
    final List<String> rendered = new CopyOnWriteArrayList<>();
    volatile boolean failBriefings;

    @Override
    public short[] synthesize(String text, org.voicebot.gateway.tts.Voice voice) throws SynthesisException {
      if (failBriefings && voice == org.voicebot.gateway.tts.Voice.BRIEFING) {
        throw new SynthesisException("stub: no briefing voice");
      }
      for (String f : failing) {
        if (text.contains(f)) {
          throw new SynthesisException("stub: cannot say " + text);
        }
      }
      for (Map.Entry<String, CountDownLatch> b : blocking.entrySet()) {
        if (text.contains(b.getKey())) {
          try {
            b.getValue().await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      rendered.add(text);
      short[] pcm = new short[Math.max(800, text.length() * 160)]; // 20 ms a character: short, speech-like
      for (int i = 0; i < pcm.length; i++) {
        pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      }
      return pcm;
    }

    @Override
    public void close() {}
  }

  static final class FakeLine implements MediaEndpoint {
    final List<byte[]> frames = Collections.synchronizedList(new ArrayList<>());
    volatile boolean open = true;

    @Override
    public void sendAudio(byte[] slin) {
      frames.add(slin);
    }

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

  static final class FakeControl implements CallControl {
    final List<Map<String, String>> transfers = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> transfer(Map<String, String> variables) {
      transfers.add(variables);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> hangup(Map<String, String> variables) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> release() {
      return Future.succeededFuture();
    }
  }

  private Vertx vertx;
  private final StubSynthesizer tts = new StubSynthesizer();
  private final CallEventLog events = new CallEventLog();
  private final FakeControl control = new FakeControl();
  private final FakeLine line = new FakeLine();
  private SpeechServices speech;
  private CallSession call;
  private final SummaryStore summaries = new SummaryStore(10);

  /** Set by a test that wants a gateway without the fallback briefing; it then calls setUp again. */
  private boolean skipFallbackBriefing;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    SpeechRecognizer asr = new SpeechRecognizer() {
      @Override
      public String engineName() {
        return "stub";
      }

      @Override
      public Transcript recognize(short[] pcm8k) {
        return Transcript.empty();
      }

      @Override
      public void close() {}
    };
    speech = new SpeechServices(vertx, tts, new org.voicebot.gateway.asr.sphinx.SphinxStreamingRecognizer(asr), 1, 2);
    speech.renderHoldPrompt().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (!skipFallbackBriefing) {
      speech.renderFallbackBriefing().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    DialogEngine dialog = new DialogEngine(DialogDefinition.builtIn("utility-support"), FrustrationConfig.defaults(),
        org.voicebot.gateway.nlu.TestEmbeddings.shared());
    CallSettings settings = new CallSettings(60_000, true, 600_000, Endpointer.Settings.defaults(), "http://127.0.0.1:1");
    BackendClient backend = new BackendClient(vertx, new BackendClient.Settings("", 1000));
    CallSession.Services svc = new CallSession.Services(vertx, events, speech, dialog, summaries, settings,
        backend);
    call = new CallSession(svc, "call-1", "+15550000000", control);
  }

  @AfterEach
  void tearDown() throws Exception {
    tts.blocking.values().forEach(CountDownLatch::countDown);
    speech.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void startCall() {
    call.start();
    call.onMediaConnected(line);
  }

  private List<CallEvent> events() {
    return events.events("call-1");
  }

  private List<CallEvent> events(EventType type) {
    return events().stream().filter(e -> e.type() == type).toList();
  }

  private void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; events: " + events());
      }
      Thread.sleep(10);
    }
  }

  private int loudFramesSince(int from) {
    int n = 0;
    synchronized (line.frames) {
      for (byte[] f : line.frames.subList(from, line.frames.size())) {
        for (byte b : f) {
          if (b != 0) {
            n++;
            break;
          }
        }
      }
    }
    return n;
  }

  private static byte[] callerFrame(double amplitude) {
    byte[] f = new byte[320];
    for (int i = 0; i < 160; i++) {
      short v = (short) (amplitude * Math.sin(2 * Math.PI * 300 * i / 8000.0));
      f[2 * i] = (byte) v;
      f[2 * i + 1] = (byte) (v >> 8);
    }
    return f;
  }

  @Test
  void theFirstSentencePlaysWhileTheRestIsStillBeingSynthesized() throws Exception {
    CountDownLatch rest = new CountDownLatch(1);
    tts.blocking.put("automated assistant", rest); // the greeting's second sentence
    startCall();
    await("the greeting to start", () -> !events(EventType.BOT_UTTERANCE_STARTED).isEmpty());
    assertThat(events(EventType.BOT_UTTERANCE_STARTED).get(0).text("text")).startsWith(GREETING_FIRST);
    assertThat(tts.rendered).contains(GREETING_FIRST).noneMatch(t -> t.contains("I'm an automated assistant"));
    await("first sentence audio on the line", () -> loudFramesSince(0) >= 5);
    rest.countDown();
    await("the whole greeting", () -> !events(EventType.BOT_UTTERANCE_FINISHED).isEmpty());
    CallEvent finished = events(EventType.BOT_UTTERANCE_FINISHED).get(0);
    assertThat(finished.data()).containsEntry("interrupted", false);
    assertThat(tts.rendered).contains("I'm an automated assistant.", "How can I help you today?");
    assertThat(events(EventType.BOT_UTTERANCE_STARTED)).hasSize(1); // one reply is one utterance
  }

  @Test
  void whenTheGreetingCannotBeSynthesizedTheCallerHearsTheHoldLineThenAPerson() throws Exception {
    tts.failing.add("City Power");
    startCall();
    await("the transfer", () -> !control.transfers.isEmpty());
    List<CallEvent> said = events(EventType.BOT_UTTERANCE_STARTED);
    assertThat(said).extracting(e -> e.text("text")).containsExactly(SpeechServices.HOLD_PROMPT);
    List<CallEvent> all = events();
    int holdDone = indexOf(all, EventType.BOT_UTTERANCE_FINISHED);
    int transfer = indexOf(all, EventType.TRANSFER);
    assertThat(holdDone).isNotNegative().isLessThan(transfer);
    assertThat(all.get(holdDone).data()).containsEntry("interrupted", false);
    assertThat(all.get(transfer).text("reason")).isEqualTo("system_error");
    assertThat(control.transfers.get(0)).containsEntry("BOT_REASON", "system_error");
    assertThat(loudFramesSince(0)).as("hold line audio").isGreaterThan(10);
    // issue 17: the URL handed out has audio behind it (the summary of the dialog's system-error step)
    assertThat(control.transfers.get(0).get("BOT_SUMMARY_URL")).isEqualTo("http://127.0.0.1:1/calls/call-1/summary.wav");
    assertThat(summaries.wav("call-1")).isPresent();
  }

  @Test
  void aBriefingThatCannotBeRenderedGivesTheAgentTheFallbackNotA404() throws Exception {
    tts.failBriefings = true; // after start-up: the fallback was rendered
    startCall();
    await("the greeting", () -> !events(EventType.BOT_UTTERANCE_FINISHED).isEmpty());
    call.onDtmf('0'); // a person, please
    await("the transfer", () -> !control.transfers.isEmpty());
    assertThat(control.transfers.get(0)).containsEntry("BOT_REASON", "caller_request")
        .containsEntry("BOT_SUMMARY_URL", "http://127.0.0.1:1/calls/call-1/summary.wav");
    assertThat(summaries.wav("call-1")).as("the fallback briefing").isPresent();
    assertThat(summaries.json("call-1").orElseThrow().getString("reason")).as("the call's own summary text stays")
        .isEqualTo("caller_request");
    assertThat(events(EventType.TRANSFER).get(0).text("summary_url")).endsWith("/calls/call-1/summary.wav");
  }

  @Test
  void withNoBriefingAudioAtAllNoUrlIsHandedOut() throws Exception {
    tearDown();
    skipFallbackBriefing = true;
    setUp();
    tts.failBriefings = true;
    startCall();
    await("the greeting", () -> !events(EventType.BOT_UTTERANCE_FINISHED).isEmpty());
    call.onDtmf('0');
    await("the transfer", () -> !control.transfers.isEmpty());
    assertThat(control.transfers.get(0)).containsEntry("BOT_SUMMARY_URL", "");
    assertThat(summaries.wav("call-1")).isEmpty();
  }

  @Test
  void mediaLostBeforeTheDialogRanStillHandsOutAPlayableUrl() throws Exception {
    call.onMediaClosed("AudioSocket closed before the call was answered");
    await("the transfer", () -> !control.transfers.isEmpty());
    assertThat(control.transfers.get(0)).containsEntry("BOT_REASON", "system_error")
        .containsEntry("BOT_SUMMARY_URL", "http://127.0.0.1:1/calls/call-1/summary.wav");
    assertThat(summaries.wav("call-1")).isPresent();
    assertThat(summaries.json("call-1").orElseThrow().getString("text")).isEqualTo(SpeechServices.FALLBACK_BRIEFING);
  }

  @Test
  void aGreetingThatFailsBeforeTheMediaIsUpStillGetsTheHoldLineHeard() throws Exception {
    tts.failing.add("City Power");
    call.start();
    Thread.sleep(300); // the greeting has failed by now; the media leg is still being set up
    assertThat(control.transfers).as("no transfer before the caller could hear anything").isEmpty();
    call.onMediaConnected(line);
    await("the transfer", () -> !control.transfers.isEmpty());
    assertThat(events(EventType.BOT_UTTERANCE_FINISHED)).extracting(e -> e.text("text"))
        .containsExactly(SpeechServices.HOLD_PROMPT);
    assertThat(events(EventType.TRANSFER).get(0).text("reason")).isEqualTo("system_error");
  }

  @Test
  void aFailureInALaterSentenceLetsTheFirstFinishThenPlaysTheHoldLine() throws Exception {
    tts.failing.add("How can I help");
    startCall();
    await("the transfer", () -> !control.transfers.isEmpty());
    assertThat(events(EventType.BOT_UTTERANCE_STARTED)).extracting(e -> e.text("text"))
        .hasSize(2).endsWith(SpeechServices.HOLD_PROMPT);
    assertThat(events(EventType.BOT_UTTERANCE_FINISHED)).allSatisfy(
        e -> assertThat(e.data()).containsEntry("interrupted", false));
    assertThat(events(EventType.TRANSFER).get(0).text("reason")).isEqualTo("system_error");
  }

  @Test
  void callerSpeechOverTheGreetingStopsItAtOnceAndIsLoggedAsInterrupted() throws Exception {
    startCall();
    await("the greeting to play", () -> loudFramesSince(0) >= 10);
    for (int i = 0; i < 6; i++) { // 120 ms of speech-level audio
      call.onAudio(callerFrame(6000));
      Thread.sleep(20);
    }
    await("the interruption", () -> !events(EventType.BOT_UTTERANCE_FINISHED).isEmpty());
    CallEvent finished = events(EventType.BOT_UTTERANCE_FINISHED).get(0);
    assertThat(finished.data()).containsEntry("interrupted", true);
    assertThat(events(EventType.CALLER_SPEECH_STARTED)).isNotEmpty();
    int from = line.frames.size();
    Thread.sleep(200);
    assertThat(loudFramesSince(from)).as("bot audio after the interruption").isZero();
  }

  @Test
  void callerSpeechOverTheHandOverLineDoesNotInterruptIt() throws Exception {
    startCall();
    await("the greeting to play", () -> loudFramesSince(0) >= 5);
    call.onDtmf('0'); // agent: the hand-over line is said with barge-in off
    await("the hand-over line", () -> events(EventType.BOT_UTTERANCE_STARTED).stream()
        .anyMatch(e -> e.text("text").startsWith(HAND_OVER_START)));
    for (int i = 0; i < 15; i++) {
      call.onAudio(callerFrame(6000));
      Thread.sleep(20);
    }
    await("the transfer", () -> !control.transfers.isEmpty());
    CallEvent handOverDone = events(EventType.BOT_UTTERANCE_FINISHED).stream()
        .filter(e -> e.text("text").startsWith(HAND_OVER_START)).findFirst().orElseThrow();
    assertThat(handOverDone.data()).containsEntry("interrupted", false);
    assertThat(events(EventType.CALLER_SPEECH_STARTED)).isEmpty();
  }

  private static int indexOf(List<CallEvent> events, EventType type) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).type() == type) {
        return i;
      }
    }
    return -1;
  }
}
