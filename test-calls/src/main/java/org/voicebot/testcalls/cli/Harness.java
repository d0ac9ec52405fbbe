package org.voicebot.testcalls.cli;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.voicebot.gateway.GatewayServer;
import org.voicebot.gateway.config.GatewayConfig;
import org.voicebot.gateway.events.CallEventJson;
import org.voicebot.testcalls.backend.SampleUtilityBackend;
import org.voicebot.testcalls.runner.CallLog;
import org.voicebot.testcalls.sim.AsteriskSimulator;
import org.voicebot.testcalls.sim.QueueBehaviour;
import org.voicebot.testcalls.sim.SimulatorOptions;
import org.voicebot.testcalls.sim.dialplan.Dialplan;

/** An in-process gateway on embedded defaults, attached to a fresh Asterisk simulator. */
public final class Harness implements AutoCloseable {

  public final Vertx vertx;
  public final AsteriskSimulator sim;
  public final GatewayServer gateway;
  public final SampleUtilityBackend backend;

  private Harness(Vertx vertx, AsteriskSimulator sim, GatewayServer gateway, SampleUtilityBackend backend) {
    this.vertx = vertx;
    this.sim = sim;
    this.gateway = gateway;
    this.backend = backend;
  }

  public static Harness start() throws Exception {
    return start(new io.vertx.core.VertxOptions(), c -> c);
  }

  /**
   * The simulator's externalMedia ordering in every harness: seeded random, so each run also meets the
   * REST reply arriving before the channel's StasisStart, as a loaded Asterisk sends it (issue 17).
   * {@code -Dvoicebot.sim.seed=N} picks another seed; {@code -Dvoicebot.sim.mediaStart=traced} the capture's order.
   */
  public static SimulatorOptions simulatorOptions() {
    SimulatorOptions o = SimulatorOptions.defaults();
    if ("traced".equals(System.getProperty("voicebot.sim.mediaStart"))) {
      return o;
    }
    long seed = Long.getLong("voicebot.sim.seed", 17L);
    return o.withMediaStartOrder(org.voicebot.testcalls.sim.MediaStartOrder.random(seed, Duration.ofMillis(40)));
  }

  /** With Vert.x options of one's own (e.g. the production blocked-thread limits) and a config tweak. */
  public static Harness start(io.vertx.core.VertxOptions options,
      java.util.function.UnaryOperator<GatewayConfig> tweak) throws Exception {
    Vertx vertx = Vertx.vertx(options);
    try {
      AsteriskSimulator sim = await(AsteriskSimulator.start(vertx, simulatorOptions()));
      SampleUtilityBackend backend = new SampleUtilityBackend(vertx, Clock.systemDefaultZone());
      String backendUrl = await(backend.start(0));
      GatewayConfig base = GatewayConfig.embeddedDefaults();
      GatewayConfig config = tweak.apply(base.withAri(base.ari().withUrl(sim.ariUrl()))
          .withDialog(base.dialog().withBackendUrl(backendUrl)));
      GatewayServer gateway = await(GatewayServer.start(vertx, config));
      await(sim.awaitApp(gateway.appName(), Duration.ofSeconds(10)));
      // Calls enter through the dialplan an admin would install, pointed at this gateway.
      sim.loadDialplan(shippedDialplan());
      sim.setGlobal("VOICEBOT_APP", gateway.appName());
      sim.setGlobal("VOICEBOT_AGI", "127.0.0.1:" + gateway.agiPort());
      sim.defineQueue(AGENT_QUEUE, QueueBehaviour.agentAnswersAfter(Duration.ofMillis(1500)));
      return new Harness(vertx, sim, gateway, backend);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** The sample dialog's agent queue: an agent answers after 1.5 s and hears the bot's briefing. */
  public static final String AGENT_QUEUE = "utility-agents";

  /** {@code asterisk-config/extensions.conf} as shipped (copied onto the classpath by the build). */
  public static Dialplan shippedDialplan() throws java.io.IOException {
    try (var in = Harness.class.getResourceAsStream("/asterisk-config/extensions.conf")) {
      if (in == null) {
        throw new java.io.FileNotFoundException("asterisk-config/extensions.conf is not on the classpath");
      }
      return Dialplan.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
          "asterisk-config/extensions.conf");
    }
  }

  public CallLog callLog() {
    return callId -> gateway.events().events(callId).stream().map(CallEventJson::toJson).toList();
  }

  public List<JsonObject> events(String callId) {
    return callLog().events(callId);
  }

  @Override
  public void close() {
    try {
      await(gateway.stop());
      await(sim.close());
      await(backend.stop());
    } catch (Exception ignored) {
      // closing anyway
    }
    vertx.close();
  }

  public static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
