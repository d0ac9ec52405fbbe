package org.voicebot.testcalls.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.testcalls.sim.AriTestClient.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.voicebot.gateway.GatewayServer;
import org.voicebot.gateway.config.GatewayConfig;
import org.voicebot.testcalls.cli.Harness;

/**
 * Issue 17, item 3: after a gateway was killed mid-call on the ARI entry, Asterisk 22.10.1 kept its
 * {@code voicebot-<uuid>} bridge (and would keep its caller in Stasis until they hang up), also after the
 * gateway restarted. Here a stand-in for the dead gateway (a raw ARI client) leaves a caller in Stasis in
 * its bridge, its media channel gone with its AudioSocket, and an empty bridge; a gateway starting against
 * that Asterisk hands the caller to the queue (the agent hears the fallback briefing) and destroys both
 * bridges, leaving other bridges alone. After an event-socket reconnection it does the same for an empty
 * bridge it does not own, and keeps the bridge of its own call in progress.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeftoversSweepTest {

  private static Vertx vertx;
  private static AsteriskSimulator sim;
  private static GatewayServer gateway;
  private static SimulatedCall stranded;
  private static String deadCallBridge;
  private static String emptyOrphan;
  private static String foreign;
  private static String notOurName;

  @BeforeAll
  static void aGatewayDiedAndANewOneStarts() throws Exception {
    vertx = Vertx.vertx();
    sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults().withLeakGrace(Duration.ofSeconds(60))));
    sim.loadDialplan(Harness.shippedDialplan());
    sim.setGlobal("VOICEBOT_AGI", "127.0.0.1:1");
    sim.defineQueue(Harness.AGENT_QUEUE, QueueBehaviour.agentAnswersAfter(Duration.ofMillis(1500)));

    // the gateway that will die: it takes a call, bridges it with its media channel, and has an empty bridge
    AriTestClient dead = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot").connect("voicebot");
    await(sim.awaitApp("voicebot", Duration.ofSeconds(2)));
    stranded = sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550173001", "Stranded"));
    String caller = dead.nextOf("StasisStart", null).getJsonObject("channel").getString("id");
    assertThat(dead.post("/ari/channels/" + caller + "/answer").statusCode()).isEqualTo(204);
    String uuid = UUID.randomUUID().toString();
    deadCallBridge = dead.post("/ari/bridges?type=mixing&name=voicebot-" + uuid).bodyAsJsonObject().getString("id");
    AudioSocketTestServer audio = new AudioSocketTestServer(vertx);
    String ext = dead.post("/ari/channels/externalMedia?app=voicebot&external_host=127.0.0.1:" + audio.port()
        + "&encapsulation=audiosocket&transport=tcp&format=slin&data=" + uuid).bodyAsJsonObject().getString("id");
    assertThat(dead.post("/ari/bridges/" + deadCallBridge + "/addChannel?channel=" + ext).statusCode()).isEqualTo(204);
    assertThat(dead.post("/ari/bridges/" + deadCallBridge + "/addChannel?channel=" + caller).statusCode()).isEqualTo(204);
    await(stranded.mediaReady());
    emptyOrphan = dead.post("/ari/bridges?type=mixing&name=voicebot-" + UUID.randomUUID()).bodyAsJsonObject()
        .getString("id");
    foreign = dead.post("/ari/bridges?type=mixing&name=conference-7").bodyAsJsonObject().getString("id");
    notOurName = dead.post("/ari/bridges?type=mixing&name=voicebot-lobby").bodyAsJsonObject().getString("id");
    // SIGKILL: the kernel closes both sockets; Asterisk hangs the media channel up, the caller stays in Stasis
    audio.socket.close();
    dead.close();
    assertThat(waitFor(() -> !sim.appConnected("voicebot") && sim.liveExternalMediaChannels().isEmpty(), 5000)).isTrue();
    assertThat(stranded.inStasis()).isTrue();
    audio.close();

    GatewayConfig base = GatewayConfig.embeddedDefaults();
    gateway = Harness.await(GatewayServer.start(vertx, base.withAri(base.ari().withUrl(sim.ariUrl()))));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      Harness.await(gateway.stop());
    }
    await(sim.close());
    await(vertx.close());
  }

  @Test
  @Order(1)
  void onStartUpTheStrandedCallerGoesToAPersonAndTheDeadGatewaysBridgesGo() throws Exception {
    assertThat(waitFor(() -> stranded.queue() != null, 20_000)).as("the stranded caller reaches the queue; log %s",
        stranded.asteriskLog()).isTrue();
    assertThat(stranded.queue()).isEqualTo(Harness.AGENT_QUEUE);
    assertThat(stranded.variables()).containsEntry("BOT_OUTCOME", "transferred")
        .containsEntry("BOT_REASON", "system_error");
    assertThat(waitFor(() -> stranded.agentAnnouncement() != null, 10_000)).isTrue();
    assertThat(stranded.agentAnnouncement().heard()).as("%s", stranded.agentAnnouncement()).isTrue();
    assertThat(waitFor(() -> sim.liveBridges().equals(Set.of(foreign, notOurName)), 10_000))
        .as("left: %s (dead call's %s, empty %s)", sim.liveBridges(), deadCallBridge, emptyOrphan).isTrue();
    assertThat(sim.liveExternalMediaChannels()).isEmpty();
    stranded.hangup();
  }

  @Test
  @Order(2)
  void afterAReconnectionAnEmptyBridgeNotOursGoesAndOursStays() throws Exception {
    SimulatedCall call = sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550173002", "Live"));
    call.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(waitFor(() -> call.botFramesDelivered() > 25, 20_000)).isTrue();
    Set<String> before = sim.liveBridges();
    AriTestClient rest = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot");
    String orphan = rest.post("/ari/bridges?type=mixing&name=voicebot-" + UUID.randomUUID()).bodyAsJsonObject()
        .getString("id");
    rest.close();

    sim.refuseEventSockets(Duration.ofMillis(500));
    await(sim.dropEventSockets());
    assertThat(waitFor(() -> !sim.appConnected("voicebot"), 5000)).isTrue();
    assertThat(waitFor(() -> sim.appConnected("voicebot"), 20_000)).as("the gateway reconnects").isTrue();
    assertThat(waitFor(() -> !sim.liveBridges().contains(orphan), 10_000)).as("the orphan went").isTrue();
    assertThat(sim.liveBridges()).containsAll(before); // the live call's bridge and the foreign ones
    long frames = call.botFramesDelivered();
    Thread.sleep(300);
    assertThat(call.botFramesDelivered()).as("the live call goes on").isGreaterThan(frames);
    assertThat(call.queue()).isNull();
    call.hangup();
    assertThat(waitFor(() -> sim.liveBridges().equals(Set.of(foreign, notOurName)), 10_000))
        .as("%s", sim.liveBridges()).isTrue();
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
