package org.voicebot.testcalls.failopen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.sim.DialOptions;
import org.voicebot.testcalls.sim.SimulatedCall;

/**
 * The gateway losing Asterisk, and Asterisk losing the gateway, in the middle of calls, through the
 * shipped dialplan: the ARI event socket drops and comes back while calls go on; a call whose caller hung
 * up during the gap is cleaned up; stopping the gateway hands every call (ARI and FastAGI) to the queue.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayOutageTest {

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

  private static SimulatedCall dial(String exten, String caller) throws Exception {
    SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", exten).withCaller(caller, "Outage Test"));
    call.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    // the greeting is playing: the bot is really talking to this caller
    assertThat(waitFor(() -> call.botFramesDelivered() > 25, 20_000)).isTrue();
    return call;
  }

  private static List<JsonObject> events(SimulatedCall call) {
    return h.events(call.uuidOfMedia());
  }

  private static boolean hasEvent(SimulatedCall call, String type) {
    return events(call).stream().anyMatch(e -> type.equals(e.getString("type")));
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

  @Test
  @Order(0)
  void aKeyPressedTheMomentMediaFlowsCountsWhenAsteriskRepliesSlowly() throws Exception {
    // Asterisk bridges the caller and media flows before its reply to the bridge request arrives: the
    // key must reach a running dialog (found by CI: the gateway started the dialog only on that reply).
    h.sim.setRestReplyDelayMs(400);
    try {
      SimulatedCall call = h.sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550101000", "Quick"));
      call.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      call.sendDtmf('5'); // the keypad menu: opening hours
      assertThat(waitFor(() -> events(call).stream().anyMatch(e -> "intent".equals(e.getString("type"))
          && "business_hours".equals(e.getString("name"))), 20_000))
          .as(() -> "key 5 gives business_hours; events: " + events(call)).isTrue();
      assertThat(events(call)).noneMatch(e -> "transfer".equals(e.getString("type")));
      call.hangup();
    } finally {
      h.sim.setRestReplyDelayMs(0);
    }
  }

  @Test
  @Order(1)
  void theAriSocketDropsMidCallAndTheCallGoesOn() throws Exception {
    SimulatedCall call = dial("500", "+15550101001");
    String app = h.gateway.appName();
    h.sim.refuseEventSockets(Duration.ofMillis(1500));
    h.sim.dropEventSockets();
    assertThat(waitFor(() -> !h.sim.appConnected(app), 5000)).isTrue();
    long framesDuringGap = call.botFramesDelivered();
    Thread.sleep(500);
    assertThat(call.botFramesDelivered()).as("media keeps flowing while ARI is away").isGreaterThan(framesDuringGap);
    assertThat(waitFor(() -> h.sim.appConnected(app), 20_000)).as("the gateway reconnects").isTrue();

    call.sendDtmf('0');
    assertThat(waitFor(() -> call.queue() != null, 20_000)).as("transferred after the reconnection").isTrue();
    assertThat(call.queue()).isEqualTo(Harness.AGENT_QUEUE);
    assertThat(call.variables()).containsEntry("BOT_OUTCOME", "transferred").containsEntry("BOT_REASON",
        "caller_request");

    // a new call after the reconnection is answered as usual
    SimulatedCall next = dial("500", "+15550101002");
    next.hangup();
    assertThat(waitFor(() -> hasEvent(next, "call_ended"), 10_000)).isTrue();
  }

  @Test
  @Order(2)
  void aCallerWhoHangsUpWhileTheSocketIsDownIsCleanedUpAfterTheReconnection() throws Exception {
    SimulatedCall call = dial("500", "+15550101003");
    String app = h.gateway.appName();
    h.sim.refuseEventSockets(Duration.ofMillis(2000));
    h.sim.dropEventSockets();
    assertThat(waitFor(() -> !h.sim.appConnected(app), 5000)).isTrue();
    call.hangup(); // its StasisEnd is lost: nobody is listening
    assertThat(waitFor(() -> h.sim.appConnected(app), 20_000)).isTrue();
    assertThat(waitFor(() -> hasEvent(call, "call_ended"), 10_000)).as("the gateway noticed the lost StasisEnd").isTrue();
    assertThat(events(call).stream().filter(e -> "call_ended".equals(e.getString("type"))).findFirst().orElseThrow()
        .getString("outcome")).isEqualTo("abandoned");
    assertThat(waitFor(() -> h.sim.liveExternalMediaChannels().isEmpty() && h.sim.liveBridges().isEmpty(), 5000))
        .as("no externalMedia channel or bridge left in Asterisk").isTrue();
  }

  @Test
  @Order(3)
  void withoutAGatewayEveryEntryFailsOpenToTheQueue() throws Exception {
    // the gateway's address in the dialplan points at nothing: AGI fails, Stasis has no app
    String agi = h.sim.globalVariable("VOICEBOT_AGI");
    String app = h.sim.globalVariable("VOICEBOT_APP");
    try {
      h.sim.setGlobal("VOICEBOT_AGI", "127.0.0.1:1");
      h.sim.setGlobal("VOICEBOT_APP", "no-such-app");
      SimulatedCall viaAgi = h.sim.dial(DialOptions.of("from-phones", "501"));
      SimulatedCall viaAri = h.sim.dial(DialOptions.of("from-phones", "500"));
      assertThat(waitFor(() -> viaAgi.queue() != null && viaAri.queue() != null, 10_000)).isTrue();
      assertThat(viaAgi.variables()).containsEntry("AGISTATUS", "FAILURE").doesNotContainKey("BOT_OUTCOME");
      assertThat(viaAri.variables()).containsEntry("STASISSTATUS", "FAILED");
      assertThat(viaAgi.queue()).isEqualTo(Harness.AGENT_QUEUE);
      viaAgi.hangup();
      viaAri.hangup();
    } finally {
      h.sim.setGlobal("VOICEBOT_AGI", agi);
      h.sim.setGlobal("VOICEBOT_APP", app);
    }
  }

  @Test
  @Order(4)
  void stoppingTheGatewayHandsEveryCallToAPerson() throws Exception {
    SimulatedCall overAri = dial("500", "+15550101004");
    SimulatedCall overAgi = dial("501", "+15550101005");
    h.gateway.stop().toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
    assertThat(waitFor(() -> overAri.queue() != null && overAgi.queue() != null, 10_000)).isTrue();
    for (SimulatedCall c : List.of(overAri, overAgi)) {
      assertThat(c.queue()).isEqualTo(Harness.AGENT_QUEUE);
      assertThat(c.variables()).containsEntry("BOT_OUTCOME", "transferred").containsEntry("BOT_REASON",
          "system_error");
    }
    assertThat(overAgi.variables()).containsEntry("AGISTATUS", "SUCCESS");
    // the stopped gateway served the briefings it handed out until the agent's queue fetched them (issue 17)
    for (SimulatedCall c : List.of(overAri, overAgi)) {
      assertThat(c.variables().get("BOT_SUMMARY_URL")).isNotBlank();
      assertThat(waitFor(() -> c.agentAnnouncement() != null, 10_000)).isTrue();
      assertThat(c.agentAnnouncement().fetches()).allSatisfy(f -> assertThat(f.status()).isEqualTo(200));
      assertThat(c.agentAnnouncement().heard()).as("%s", c.agentAnnouncement()).isTrue();
    }
    assertThat(waitFor(() -> h.sim.liveExternalMediaChannels().isEmpty() && h.sim.liveBridges().isEmpty(), 5000))
        .as("the stopped gateway left no media channel or bridge: %s", h.sim.liveBridges()).isTrue();
  }
}
