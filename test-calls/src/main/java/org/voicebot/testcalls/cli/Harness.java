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
import org.voicebot.testcalls.sim.SimulatorOptions;

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
    Vertx vertx = Vertx.vertx();
    try {
      AsteriskSimulator sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults()));
      SampleUtilityBackend backend = new SampleUtilityBackend(vertx, Clock.systemDefaultZone());
      String backendUrl = await(backend.start(0));
      GatewayConfig base = GatewayConfig.embeddedDefaults();
      GatewayConfig config = base.withAri(base.ari().withUrl(sim.ariUrl()))
          .withDialog(base.dialog().withBackendUrl(backendUrl));
      GatewayServer gateway = await(GatewayServer.start(vertx, config));
      await(sim.awaitApp(gateway.appName(), Duration.ofSeconds(10)));
      return new Harness(vertx, sim, gateway, backend);
    } catch (Exception e) {
      vertx.close();
      throw e;
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

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
