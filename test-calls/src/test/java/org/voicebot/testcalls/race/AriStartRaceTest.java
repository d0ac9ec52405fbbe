package org.voicebot.testcalls.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.sim.DialOptions;
import org.voicebot.testcalls.sim.MediaStartOrder;
import org.voicebot.testcalls.sim.SimulatedCall;

/**
 * Issue 17, item 1: a real Asterisk 22.10.1 sometimes answers {@code POST /channels/externalMedia} before it
 * delivers the new channel's StasisStart (res_ari answers once its dial thread is started), and an
 * addChannel sent on that reply is a 422. Ten ARI calls dialled within 100 ms through the shipped dialplan,
 * with the reply first on every call and then in seeded random orders: every caller reaches the dialog
 * (the greeting is heard on the bridged AudioSocket, nobody is handed over), and no channel or bridge is
 * left once they hang up.
 */
class AriStartRaceTest {

  private static final int CALLS = 10;
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

  @AfterEach
  void backToTheDefaultOrder() {
    h.sim.setMediaStartOrder(Harness.simulatorOptions().mediaStartOrder());
  }

  @Test
  void tenCallsWithTheReplyBeforeStasisStartAllReachTheDialog() throws Exception {
    h.sim.setMediaStartOrder(MediaStartOrder.replyFirst(Duration.ofMillis(60)));
    tenCallsAtOnce(1);
  }

  @Test
  void tenCallsInSeededRandomOrdersAllReachTheDialog() throws Exception {
    for (long seed : new long[] {3, 11}) {
      h.sim.setMediaStartOrder(MediaStartOrder.random(seed, Duration.ofMillis(150)));
      tenCallsAtOnce(100 + seed * 10);
    }
  }

  @Test
  void aStasisStartLaterThanTheGatewayWaitsIsCaughtByRetryingTheBridgeAndTheHeldAudioSocketLosesNothing()
      throws Exception {
    // UUID frame 800 ms after the reply, StasisStart 800 ms after that: past the gateway's 1 s wait, so its
    // first addChannel is a 422 and the retry bridges it; meanwhile the AudioSocket is connected but unbridged
    h.sim.setMediaStartOrder(MediaStartOrder.replyFirst(Duration.ofMillis(800)));
    SimulatedCall c = h.sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550179999", "Late"));
    try {
      assertThat(waitFor(() -> c.mediaReady().isComplete() || c.queue() != null, 30_000)).isTrue();
      assertThat(c.queue()).as("handed over instead of bridged").isNull();
      assertThat(waitFor(() -> c.botFramesDelivered() > 25, 20_000)).isTrue();
      assertThat(c.droppedBotFrames()).as("bot audio sent before the bridge (the caller would miss the greeting's"
          + " start)").isZero();
      assertThat(h.events(c.uuidOfMedia())).extracting(e -> e.getString("type")).doesNotContain("transfer");
    } finally {
      c.hangup();
    }
    assertThat(waitFor(() -> h.sim.liveExternalMediaChannels().isEmpty() && h.sim.liveBridges().isEmpty(), 10_000))
        .isTrue();
  }

  private void tenCallsAtOnce(long firstNumber) throws Exception {
    int errorsBefore = h.sim.protocolErrors().size(); // other tests of this class may have caused 422s
    List<SimulatedCall> calls = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      calls.add(h.sim.dial(DialOptions.of("from-phones", "500")
          .withCaller(String.format("+1555017%04d", firstNumber + i), "Race " + i)));
      Thread.sleep(10);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("all dialled within 100 ms + slack")
        .isLessThan(400);
    try {
      for (SimulatedCall c : calls) {
        assertThat(waitFor(() -> c.mediaReady().isComplete() || c.queue() != null, 30_000))
            .as("call %s got media or was queued", c.channelId()).isTrue();
      }
      for (SimulatedCall c : calls) {
        assertThat(c.queue()).as("%s was handed over instead of reaching the bot; sim log: %s",
            c.channelId(), c.protocolErrors()).isNull();
        assertThat(c.mediaReady().isComplete()).isTrue();
        assertThat(waitFor(() -> c.botFramesDelivered() > 25, 20_000))
            .as("the greeting reaches caller %s", c.channelId()).isTrue();
        assertThat(c.droppedBotFrames()).as("bot frames sent to %s before the bridge", c.channelId()).isZero();
        List<JsonObject> events = h.events(c.uuidOfMedia());
        assertThat(events).extracting(e -> e.getString("type")).contains("call_started", "bot_utterance_started")
            .doesNotContain("transfer");
      }
      List<String> errors = h.sim.protocolErrors();
      assertThat(errors.subList(errorsBefore, errors.size())).as("no addChannel was refused")
          .noneMatch(e -> e.contains("422"));
    } finally {
      calls.forEach(SimulatedCall::hangup);
    }
    for (SimulatedCall c : calls) {
      assertThat(waitFor(() -> c.end() != null, 10_000)).as("%s ended", c.channelId()).isTrue();
      if (c.uuidOfMedia() != null) {
        assertThat(waitFor(() -> h.events(c.uuidOfMedia()).stream()
            .anyMatch(e -> "call_ended".equals(e.getString("type"))), 10_000)).isTrue();
      }
    }
    assertThat(waitFor(() -> h.sim.liveExternalMediaChannels().isEmpty() && h.sim.liveBridges().isEmpty(), 10_000))
        .as("no externalMedia channel or bridge left: %s %s", h.sim.liveExternalMediaChannels(), h.sim.liveBridges())
        .isTrue();
    for (SimulatedCall c : calls) {
      assertThat(c.protocolErrors()).as("simulator saw on %s", c.channelId()).isEmpty();
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
