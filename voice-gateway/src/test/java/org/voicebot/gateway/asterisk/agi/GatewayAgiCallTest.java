package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.gateway.asterisk.agi.FakeAsterisk.await;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.GatewayServer;
import org.voicebot.gateway.config.GatewayConfig;
import org.voicebot.gateway.media.audiosocket.AudioSocketEncoder;

/** The whole gateway (real CallSession, speech engines) taking calls over FastAGI from a raw fake Asterisk. */
class GatewayAgiCallTest {

  private static final Pattern EXEC = Pattern.compile("EXEC AudioSocket ([0-9a-f-]{36}),127\\.0\\.0\\.1:(\\d+)");

  private static Vertx vertx;
  private static GatewayServer gateway;

  @BeforeAll
  static void boot() throws Exception {
    vertx = Vertx.vertx();
    GatewayConfig b = GatewayConfig.embeddedDefaults();
    GatewayConfig.Ari a = b.ari();
    // No ARI (AGI is the only way in) and no prompt pre-rendering (30 s that this test does not need).
    GatewayConfig config = new GatewayConfig(b.http(), new GatewayConfig.Ari(false, a.url(), a.username(), a.password(),
        a.app(), a.requestTimeoutMs(), a.reconnectMinMs(), a.reconnectMaxMs()), b.audiosocket(), b.agi(), b.asr(),
        new GatewayConfig.Tts(b.tts().voice(), false), b.dialog(), b.call(), b.privacy(), b.frustration(), b.events());
    gateway = GatewayServer.start(vertx, config).toCompletionStage().toCompletableFuture()
        .get(180, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(gateway.agiPort()).isPositive();
  }

  @AfterAll
  static void shutDown() {
    await(gateway.stop());
    await(vertx.close());
  }

  private record Call(FakeAsterisk agi, FakeAsterisk media, String callId) {}

  private Call answeredCall() {
    FakeAsterisk agi = FakeAsterisk.agiCall(vertx, gateway.agiPort());
    assertThat(agi.nextLine()).isEqualTo("ANSWER");
    agi.send("200 result=0\n");
    Matcher m = EXEC.matcher(agi.nextLine());
    assertThat(m.matches()).isTrue();
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(gateway.audioSocketPort());
    FakeAsterisk media = FakeAsterisk.connect(vertx, gateway.audioSocketPort());
    media.send(AudioSocketEncoder.uuid(UUID.fromString(m.group(1))));
    return new Call(agi, media, m.group(1));
  }

  @Test
  void asteriskEndingTheAudioSocketHandsOverWithTheVariablesSetAfterExecReturned() throws Exception {
    Call c = answeredCall();
    Thread.sleep(300); // let the greeting start
    c.media().close();
    assertThat(c.agi().nextLine(300)).as("nothing before EXEC has returned").isNull();
    c.agi().send("200 result=0\n");
    assertThat(c.agi().nextLine()).isEqualTo("SET VARIABLE BOT_OUTCOME \"transferred\"");
    List<String> names = new java.util.ArrayList<>();
    String summaryUrl = null;
    for (int i = 0; i < 10; i++) {
      c.agi().send("200 result=1\n");
      String next = c.agi().nextLine(2000);
      if (next == null) {
        break;
      }
      names.add(next.split(" ")[2]);
      if (next.startsWith("SET VARIABLE BOT_SUMMARY_URL ")) {
        summaryUrl = next.substring("SET VARIABLE BOT_SUMMARY_URL ".length()).replace("\"", "");
      }
    }
    assertThat(names).contains("BOT_REASON", "BOT_SUMMARY", "BOT_QUEUE", "BOT_SUMMARY_URL");
    // issue 17: the URL handed to Asterisk plays (the media-loss hand-over had no summary of its own before)
    java.net.http.HttpResponse<byte[]> wav = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(summaryUrl)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wav.statusCode()).as(summaryUrl).isEqualTo(200);
    assertThat(new String(wav.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(wav.body().length).as("a spoken briefing, not an empty file").isGreaterThan(8000);
    assertThat(c.agi().awaitClosed(5000)).as("AGI() returns; the dialplan routes on BOT_OUTCOME").isTrue();
    waitForEnd(c.callId());
    List<EventType> types = gateway.events().events(c.callId()).stream().map(CallEvent::type).toList();
    assertThat(types).containsOnlyOnce(EventType.TRANSFER);
    assertThat(last(c.callId()).data()).containsEntry("outcome", "transferred");
  }

  @Test
  void callerHangupEndsTheCallAbandonedWithoutATransfer() throws Exception {
    Call c = answeredCall();
    Thread.sleep(300);
    c.media().close();
    c.agi().send("200 result=-1\n");
    c.agi().send("HANGUP\n");
    assertThat(c.agi().awaitClosed(5000)).isTrue();
    assertThat(c.agi().nextLine(0)).as("no command after the caller hung up").isNull();
    waitForEnd(c.callId());
    List<EventType> types = gateway.events().events(c.callId()).stream().map(CallEvent::type).toList();
    assertThat(types).doesNotContain(EventType.TRANSFER);
    assertThat(last(c.callId()).data()).containsEntry("outcome", "abandoned");
  }

  @Test
  void aSessionClosedBeforeAnswerEndsTheCallSoShutdownHasNothingToHandOver() throws Exception {
    FakeAsterisk agi = FakeAsterisk.agiCall(vertx, gateway.agiPort());
    assertThat(agi.nextLine()).isEqualTo("ANSWER");
    agi.close();
    String callId = null;
    for (int i = 0; i < 100 && callId == null; i++) {
      callId = gateway.events().calls().stream().map(r -> r.callId())
          .filter(id -> gateway.events().events(id).stream().noneMatch(e -> e.type() == EventType.TRANSFER)
              && gateway.events().events(id).stream().noneMatch(e -> e.type() == EventType.BOT_UTTERANCE_STARTED))
          .findFirst().orElse(null);
      Thread.sleep(50);
    }
    assertThat(callId).as("the aborted session's call appears in the log").isNotNull();
    waitForEnd(callId);
    assertThat(last(callId).data()).containsEntry("outcome", "abandoned");
    assertThat(gateway.events().activeCalls()).isZero();
  }

  private static CallEvent last(String callId) {
    List<CallEvent> events = gateway.events().events(callId);
    return events.get(events.size() - 1);
  }

  private static void waitForEnd(String callId) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<CallEvent> events = gateway.events().events(callId);
      if (!events.isEmpty() && events.get(events.size() - 1).type() == EventType.CALL_ENDED) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("call " + callId + " did not end: " + gateway.events().events(callId));
  }
}
