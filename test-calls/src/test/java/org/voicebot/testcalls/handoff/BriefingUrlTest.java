package org.voicebot.testcalls.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.sim.AgentAnnouncement;
import org.voicebot.testcalls.sim.DialOptions;
import org.voicebot.testcalls.sim.MediaStartOrder;
import org.voicebot.testcalls.sim.SimulatedCall;

/**
 * Issue 17, item 2: every {@code BOT_SUMMARY_URL} the gateway sets answers 200 with audio an agent can hear,
 * on every way a call reaches the queue: the caller asks for a person, the audio leg is lost mid-call (ARI and
 * FastAGI), and the ARI media set-up fails (the case measured on Asterisk 22.10.1: res_http_media_cache logged
 * "server returned 404" twice). The simulated queue's agent answers after 1.5 s and fetches the URL twice, as
 * the media cache did (trace 07); shutdown is covered by {@code GatewayOutageTest}.
 */
class BriefingUrlTest {

  private static Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start();
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static SimulatedCall talking(String exten, String caller) throws Exception {
    SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", exten).withCaller(caller, "Briefing"));
    call.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(waitFor(() -> call.botFramesDelivered() > 25, 20_000)).as("the greeting plays").isTrue();
    return call;
  }

  /** The agent answered and heard the briefing the gateway named, fetched with 200 each time. */
  private static void agentHeardTheBriefing(SimulatedCall call, String reason) throws Exception {
    assertThat(waitFor(() -> call.agentAnnouncement() != null, 30_000)).as("an agent answered and the queue"
        + " fetched the briefing; Asterisk log: %s", call.asteriskLog()).isTrue();
    String url = call.variables().get("BOT_SUMMARY_URL");
    assertThat(url).as("BOT_SUMMARY_URL").isNotBlank();
    assertThat(call.variables()).containsEntry("BOT_REASON", reason);
    AgentAnnouncement a = call.agentAnnouncement();
    assertThat(a.url()).isEqualTo(url);
    assertThat(a.fetches()).as("every GET of %s", url).isNotEmpty()
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(200));
    assertThat(a.heard()).as("played and not silent: %s", a).isTrue();
    call.hangup();
  }

  @Test
  void callerAsksForAPerson() throws Exception {
    SimulatedCall call = talking("500", "+15550172001");
    call.sendDtmf('0');
    agentHeardTheBriefing(call, "caller_request");
  }

  @Test
  void theAudioLegIsLostMidCallOverAri() throws Exception {
    SimulatedCall call = talking("500", "+15550172002");
    call.dropMedia();
    agentHeardTheBriefing(call, "system_error");
  }

  @Test
  void theAudioLegIsLostMidCallOverFastAgi() throws Exception {
    SimulatedCall call = talking("501", "+15550172003");
    call.dropMedia();
    agentHeardTheBriefing(call, "system_error");
  }

  @Test
  void theAriMediaSetUpFails() throws Exception {
    // StasisStart of the media channel 12 s after the reply: past the gateway's 5 s, so it hands the caller over
    h.sim.setMediaStartOrder(MediaStartOrder.replyFirst(Duration.ofSeconds(6)));
    try {
      SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550172004", "Set-up"));
      agentHeardTheBriefing(call, "system_error");
      assertThat(call.mediaReady().succeeded()).as("never bridged").isFalse();
    } finally {
      h.sim.setMediaStartOrder(Harness.simulatorOptions().mediaStartOrder());
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
