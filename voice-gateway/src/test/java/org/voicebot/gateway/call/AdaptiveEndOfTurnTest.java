package org.voicebot.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.backend.BackendClient;
import org.voicebot.gateway.call.CallSessionSpeechTest.FakeControl;
import org.voicebot.gateway.call.CallSessionSpeechTest.FakeLine;
import org.voicebot.gateway.call.CallSessionSpeechTest.StubSynthesizer;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.speech.SpeechServices;

/**
 * The caller's turn ends sooner when the words so far already answer the prompt, later while a digit
 * string is still short, with a stub streaming engine whose partial is the utterance's scripted text.
 */
class AdaptiveEndOfTurnTest {

  /** Streams that "hear" the next scripted text: as a partial after 200 ms of audio, and as the transcript. */
  static final class ScriptedEngine implements StreamingRecognizer {
    final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>();

    @Override
    public String engineName() {
      return "scripted";
    }

    @Override
    public RecognizerCapabilities capabilities() {
      return new RecognizerCapabilities(true, false, true);
    }

    @Override
    public RecognitionStream openStream() {
      return new RecognitionStream() {
        int samples;
        String text;

        @Override
        public void accept(short[] pcm8k) {
          if (samples == 0) {
            text = script.poll();
          }
          samples += pcm8k.length;
        }

        @Override
        public String partial() {
          return samples >= 1600 && text != null ? text : "";
        }

        @Override
        public Transcript finish() {
          String t = text;
          samples = 0;
          text = null;
          return t == null ? Transcript.empty() : new Transcript(t, 0.9, List.of());
        }

        @Override
        public void discard() {
          samples = 0;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }

  private Vertx vertx;
  private SpeechServices speech;
  private final CallEventLog events = new CallEventLog();
  private final ScriptedEngine engine = new ScriptedEngine();
  private CallSession call;

  private void start(CallSettings.EndOfTurn endOfTurn) throws Exception {
    vertx = Vertx.vertx();
    speech = new SpeechServices(vertx, new StubSynthesizer(), engine, 1, 2);
    speech.renderHoldPrompt().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    DialogEngine dialog = new DialogEngine(DialogDefinition.builtIn("utility-support"), FrustrationConfig.defaults(), org.voicebot.gateway.nlu.TestEmbeddings.shared());
    CallSettings settings = new CallSettings(60_000, true, 600_000,
        new Endpointer.Settings(-35, 60, 700, 15000, 300, 200, 120), "http://127.0.0.1:1", endOfTurn);
    CallSession.Services svc = new CallSession.Services(vertx, events, speech, dialog, new SummaryStore(10), settings,
        new BackendClient(vertx, new BackendClient.Settings("", 1000)));
    call = new CallSession(svc, "call-1", "+15550000000", new FakeControl());
    call.start();
    call.onMediaConnected(new FakeLine());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (speech != null) {
      speech.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private List<CallEvent> events(EventType type) {
    return events.events("call-1").stream().filter(e -> e.type() == type).toList();
  }

  private static byte[] frame(double amplitude) {
    byte[] f = new byte[320];
    for (int i = 0; i < 160; i++) {
      short v = (short) (amplitude * Math.sin(2 * Math.PI * 300 * i / 8000.0));
      f[2 * i] = (byte) v;
      f[2 * i + 1] = (byte) (v >> 8);
    }
    return f;
  }

  /**
   * Says {@code text} (600 ms of tone heard as it), then sends silent frames at the line's pace until the
   * turn ends; returns the caller_speech_ended event.
   */
  private CallEvent say(String text) throws Exception {
    int before = events(EventType.CALLER_SPEECH_ENDED).size();
    engine.script.add(text);
    long next = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      call.onAudio(frame(8000));
      next += 20_000_000L;
      Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
    }
    for (int i = 0; i < 150 && events(EventType.CALLER_SPEECH_ENDED).size() == before; i++) {
      call.onAudio(frame(0));
      next += 20_000_000L;
      Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
    }
    List<CallEvent> ended = events(EventType.CALLER_SPEECH_ENDED);
    assertThat(ended).as("the turn ended").hasSize(before + 1);
    await("the transcript", () -> events(EventType.TRANSCRIPT).stream().filter(e -> Boolean.TRUE.equals(e.data().get("final")))
        .count() > before);
    return ended.get(before);
  }

  private void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; events: " + events.events("call-1"));
      }
      Thread.sleep(10);
    }
  }

  /** Time from the last loud frame (speech start + duration) to the end-of-speech event. */
  private static long waitedMs(CallEvent ended, CallEvent started) {
    return ended.tMs() - started.tMs() - ((Number) ended.data().get("duration_ms")).longValue();
  }

  @Test
  void aCompleteRequestEndsTheTurnAfterAShortSilenceAnUnclearOneAfterTheNormalOne() throws Exception {
    start(CallSettings.EndOfTurn.defaults());
    CallEvent complete = say("i want to pay my bill");
    assertThat(complete.data()).containsEntry("turn", "complete").containsEntry("end_silence_ms", 300);
    assertThat(waitedMs(complete, events(EventType.CALLER_SPEECH_STARTED).get(0))).isLessThan(600);
    assertThat(events(EventType.TRANSCRIPT).get(events(EventType.TRANSCRIPT).size() - 1).data()).containsKey("asr_ms");

    CallEvent open = say("forty five");
    assertThat(open.data()).as("an amount: no early end").containsEntry("turn", "open").containsEntry("end_silence_ms", 700);
    assertThat(waitedMs(open, events(EventType.CALLER_SPEECH_STARTED).get(1))).isGreaterThanOrEqualTo(600);
    // issue 17: the event names where the caller's wait began, its end-of-turn silence before it was sent
    for (CallEvent e : List.of(complete, open)) {
      long speechEnd = ((Number) e.data().get("speech_end_ms")).longValue();
      long silence = ((Number) e.data().get("end_silence_ms")).longValue();
      assertThat(e.tMs() - speechEnd).as("%s", e.data()).isBetween(silence - 40, silence + 200);
    }
  }

  @Test
  void anUnfinishedAccountNumberGetsTheLongerSilenceAFullOneTheShortOne() throws Exception {
    start(CallSettings.EndOfTurn.defaults());
    say("what is my account balance");
    CallEvent partOfIt = say("four five six");
    assertThat(partOfIt.data()).containsEntry("turn", "incomplete_digits").containsEntry("end_silence_ms", 1200);
    assertThat(waitedMs(partOfIt, events(EventType.CALLER_SPEECH_STARTED).get(1))).isGreaterThanOrEqualTo(1100);
    CallEvent all = say("four five six seven eight nine one two three four");
    assertThat(all.data()).containsEntry("turn", "complete").containsEntry("end_silence_ms", 300);
  }

  @Test
  void withAdaptiveEndOfTurnOffEveryTurnWaitsTheNormalSilence() throws Exception {
    start(CallSettings.EndOfTurn.off());
    CallEvent e = say("i want to pay my bill");
    assertThat(e.data()).containsEntry("turn", "open").containsEntry("end_silence_ms", 700);
  }
}
