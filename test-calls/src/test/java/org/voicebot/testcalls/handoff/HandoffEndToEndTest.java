package org.voicebot.testcalls.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.TransferReason;
import org.voicebot.gateway.tts.Pcm;
import org.voicebot.gateway.tts.Voice;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.sim.DialOptions;
import org.voicebot.testcalls.sim.QueueBehaviour;
import org.voicebot.testcalls.sim.SimulatedCall;

/**
 * Issue 6 end to end, through the shipped dialplan, on one gateway (few calls: CI time). The briefing: a
 * transferred call's {@code GET /calls/{id}/summary.wav} lasts at most 20 s and, transcribed back by Sphinx4
 * constrained to any briefing's vocabulary ({@link SummaryTranscriber}), names the intent and the reason, and
 * not another intent or reason.
 *
 * <p>"Never endless silence": a transferred caller whom no agent answers within the queue timeout
 * (VOICEBOT_QUEUE_TIMEOUT, 1 s here, and an agent who never answers) goes back to the gateway through the
 * shipped dialplan's {@code AGI(agi://.../voicebot-callback)}: the bot says why and offers a call back or a
 * message. The scenario format cannot make a queue's agent stay away, hence a test class.
 */
class HandoffEndToEndTest {

  private static Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start();
    h.sim.defineQueue(Harness.AGENT_QUEUE, QueueBehaviour.nobodyAnswers());
    h.sim.setGlobal("VOICEBOT_QUEUE_TIMEOUT", "1");
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** A caller on the FastAGI or ARI entry who presses 0 for a person; returns the bot's call id. */
  private static String transferredCall(SimulatedCall call) throws Exception {
    call.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String botCall = call.uuidOfMedia();
    assertThat(waitFor(() -> call.botFramesDelivered() > 10, 20_000)).isTrue();
    call.sendDtmf('0');
    assertThat(waitFor(() -> "TIMEOUT".equals(call.variables().get("QUEUESTATUS")), 30_000))
        .as("the queue gave up on the caller").isTrue();
    return botCall;
  }

  /** Counts bot frames louder than -40 dBFS from now on: the caller hears words, not a silent line. */
  private static AtomicLong loudBotFrames(SimulatedCall call) {
    AtomicLong loud = new AtomicLong();
    call.onBotAudio(f -> {
      byte[] b = f.pcm();
      if (Pcm.rmsDbfs(Pcm.fromLittleEndian(b, 0, b.length)) > -40) {
        loud.incrementAndGet();
      }
    });
    return loud;
  }

  @Test
  void aCallerWhoSaysCallMeBackIsRecordedAndTheCallEndsPolitely() throws Exception {
    SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", "501").withCaller("+15550106001", "Callback"));
    String botCall = transferredCall(call);
    AtomicLong loud = loudBotFrames(call);
    // the offer is being said (about 8 s): wait for its end, then answer by voice
    assertThat(waitFor(() -> loud.get() > 100, 15_000)).as("the bot explains and offers").isTrue();
    waitForBotSilence(loud, 1500);
    speak(call, h.gateway.synthesizer().synthesize("call me back", Voice.CALLER));

    assertThat(waitFor(() -> call.end() != null, 30_000)).as("the call ends").isTrue();
    assertThat(call.variables()).containsEntry("BOT_CALLBACK", "requested").containsEntry("AGISTATUS", "SUCCESS");
    assertThat(call.voicemailBox()).isNull();
    assertThat(call.cdr().get("userfield")).endsWith("callback");
    // the request, for the agents
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/callbacks")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray list = new JsonArray(r.body());
    assertThat(list.stream().map(o -> (JsonObject) o)).anySatisfy(o -> {
      assertThat(o.getString("caller_id")).isEqualTo("+15550106001");
      assertThat(o.getString("call_id")).isEqualTo(botCall);
      assertThat(o.getString("how")).isEqualTo("speech");
    });
    // and on the bot's call, after its transfer
    List<JsonObject> events = h.events(botCall);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getString("type")).isEqualTo("callback_requested");
      assertThat(e.getString("caller_id")).isEqualTo("+15550106001");
    });
    assertThat(events.stream().map(e -> e.getString("type")).toList()).containsSubsequence("transfer",
        "callback_requested");
  }

  @Test
  void aCallerWhoPressesTwoReachesVoicemail() throws Exception {
    SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", "501").withCaller("+15550106002", "Message"));
    transferredCall(call);
    AtomicLong loud = loudBotFrames(call);
    assertThat(waitFor(() -> loud.get() > 25, 15_000)).as("the bot explains and offers").isTrue();
    call.sendDtmf('2');
    assertThat(waitFor(() -> call.voicemailBox() != null, 20_000)).as("voicemail").isTrue();
    assertThat(call.voicemailBox()).isEqualTo("8000@voicebot");
    assertThat(call.variables()).containsEntry("BOT_CALLBACK", "message");
    // the bot explained: Asterisk's own "nobody is available" is not played on top
    assertThat(call.dialplanPlayed()).doesNotContain("vm-nobodyavail");
    assertThat(h.gateway.callbacks().list()).noneMatch(c -> c.callerId().equals("+15550106002"));
    call.hangup();
  }

  @Test
  void withTheGatewayUnreachableAtThatPointTheCallerGoesStraightToVoicemail() throws Exception {
    String agi = h.sim.globalVariable("VOICEBOT_AGI");
    try {
      // the ARI entry does not use the FastAGI address: the bot takes the call, the callback offer cannot be reached
      h.sim.setGlobal("VOICEBOT_AGI", "127.0.0.1:1");
      SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550106003", "Down"));
      transferredCall(call);
      assertThat(waitFor(() -> call.voicemailBox() != null, 10_000)).as("voicemail").isTrue();
      assertThat(call.variables()).containsEntry("AGISTATUS", "FAILURE").containsEntry("BOT_CALLBACK", "");
      assertThat(call.dialplanPlayed()).contains("vm-nobodyavail");
      call.hangup();
    } finally {
      h.sim.setGlobal("VOICEBOT_AGI", agi);
    }
  }

  @Test
  void theAgentBriefingIsShortAndNamesTheIntentAndTheReason() throws Exception {
    SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550106004", "Briefing"));
    call.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String botCall = call.uuidOfMedia();
    call.sendDtmf('1'); // the keypad menu: the balance, which asks for the account number
    assertThat(waitFor(() -> h.events(botCall).stream().anyMatch(e -> "intent".equals(e.getString("type"))
        && "check_balance".equals(e.getString("name"))), 20_000))
        .as(() -> "key 1 at the greeting gives check_balance; the call's events: " + h.events(botCall)).isTrue();
    call.sendDtmf('0');
    call.sendDtmf('#'); // "0#" at a number prompt: a person
    assertThat(waitFor(() -> call.queue() != null, 30_000)).as("transferred").isTrue();
    HttpResponse<byte[]> wav = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + h.gateway.httpPort() + "/calls/" + botCall + "/summary.wav")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    call.hangup();
    assertThat(wav.statusCode()).isEqualTo(200);
    Pcm.Audio audio = Pcm.readWav(wav.body());
    assertThat(audio.sampleRate()).isEqualTo(8000);
    double seconds = audio.samples().length / 8000.0;
    assertThat(seconds).isBetween(2.0, 20.0);

    DialogDefinition dialog = DialogDefinition.builtIn("utility-support");
    String heard;
    try (SummaryTranscriber asr = new SummaryTranscriber(dialog)) {
      assertThat(asr.vocabulary()).contains("outage", "complaint", "bereavement", "sensitive", "frustrated");
      heard = asr.transcribe(audio.samples());
    }
    String summary = h.gateway.summaries().json(botCall).orElseThrow().getString("text");
    org.slf4j.LoggerFactory.getLogger(HandoffEndToEndTest.class).info("briefing '{}' ({} s) heard as '{}'", summary,
        seconds, heard);
    assertThat(BriefingCheck.names(heard, dialog, "check_balance", TransferReason.CALLER_REQUEST))
        .as("'%s' (%.1f s) heard as '%s'", summary, seconds, heard).isTrue();
    // the same check fails for a briefing about something else, or for another reason
    assertThat(BriefingCheck.names(heard, dialog, "report_outage", TransferReason.CALLER_REQUEST)).isFalse();
    assertThat(BriefingCheck.names(heard, dialog, "pay_bill", TransferReason.CALLER_REQUEST)).isFalse();
    assertThat(BriefingCheck.names(heard, dialog, "check_balance", TransferReason.FRUSTRATION)).isFalse();
  }

  private static void waitForBotSilence(AtomicLong loud, long quietMs) throws InterruptedException {
    long last = loud.get();
    long since = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Thread.sleep(50);
      long now = loud.get();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(quietMs)) {
        return;
      }
    }
  }

  /** The caller's words at real-time pace, 20 ms frames, then half a second of silence. */
  private static void speak(SimulatedCall call, short[] pcm) throws InterruptedException {
    long t0 = System.nanoTime();
    int frames = (pcm.length + 159) / 160 + 25;
    for (int i = 0; i < frames; i++) {
      short[] f = new short[160];
      int from = i * 160;
      if (from < pcm.length) {
        System.arraycopy(pcm, from, f, 0, Math.min(160, pcm.length - from));
      }
      call.sendAudio(Pcm.toLittleEndian(f));
      long due = t0 + TimeUnit.MILLISECONDS.toNanos(20L * (i + 1));
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
  }

  static boolean waitFor(BooleanSupplier cond, long ms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < deadline) {
      if (cond.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return cond.getAsBoolean();
  }
}
