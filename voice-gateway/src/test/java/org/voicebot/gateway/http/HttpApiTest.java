package org.voicebot.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.metrics.CallMetrics;

/** The API on a real Vert.x HTTP server on an ephemeral port. */
@ExtendWith(VertxExtension.class)
class HttpApiTest {

  private static final Buffer WAV = Buffer.buffer(new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4});

  private Vertx vertx;
  private CallEventLog log;
  private CallMetrics metrics;
  private final AtomicReference<HealthCheck> health =
      new AtomicReference<>(() -> Health.up(Map.of("ari", "connected", "asr", "sphinx")));
  private HttpServer server;
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    log = new CallEventLog();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics = new CallMetrics(registry, log);
    HttpApi api = new HttpApi(vertx, log, registry, () -> health.get().check(),
        id -> id.equals("c1") ? Optional.of(WAV) : Optional.empty(),
        id -> id.equals("c1") ? Optional.of(new JsonObject().put("reason", "caller_request")) : Optional.empty(),
        Duration.ofMillis(200));
    server = vertx.createHttpServer().requestHandler(api.router()).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    port = server.actualPort();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() throws Exception {
    metrics.close();
    client.close();
    server.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return client.get(uri).send().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private void syntheticCall(String id) {
    log.publish(CallEvent.of(id, 0, EventType.CALL_STARTED, "caller_id", "+15550001111"));
    log.publish(CallEvent.of(id, 2000, EventType.CALLER_SPEECH_ENDED));
    log.publish(CallEvent.of(id, 2600, EventType.BOT_UTTERANCE_STARTED, "text", "connecting you"));
    log.publish(CallEvent.of(id, 4000, EventType.TRANSFER, "queue", "agents", "reason", "caller_request",
        "summary", "caller wants an agent"));
    log.publish(CallEvent.of(id, 4100, EventType.CALL_ENDED, "outcome", "transferred"));
  }

  @Test
  void healthIs200WhenUpOrDegradedAnd503WhenDown() throws Exception {
    HttpResponse<Buffer> up = get("/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.getHeader("content-type")).startsWith("application/json");
    assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(up.bodyAsJsonObject().getJsonObject("components").getString("ari")).isEqualTo("connected");

    health.set(() -> new Health(Health.Status.DEGRADED, Map.of("ari", "reconnecting")));
    assertThat(get("/health").statusCode()).isEqualTo(200);

    health.set(() -> new Health(Health.Status.DOWN, Map.of("ari", "unauthorized")));
    HttpResponse<Buffer> down = get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");

    health.set(() -> {
      throw new IllegalStateException("asr not loaded");
    });
    HttpResponse<Buffer> failing = get("/health");
    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(failing.bodyAsJsonObject().getString("error")).isEqualTo("asr not loaded");
    health.set(() -> null);
    assertThat(get("/health").statusCode()).isEqualTo(503);
  }

  @Test
  void callsListNewestFirstWithActiveFilter() throws Exception {
    syntheticCall("c1");
    log.publish(CallEvent.of("c2", 0, EventType.CALL_STARTED, "caller_id", "+15550002222"));

    JsonArray all = get("/calls").bodyAsJsonArray();
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("call_id")).toList()).containsExactly("c2", "c1");
    JsonObject c1 = all.getJsonObject(1);
    assertThat(c1.getString("outcome")).isEqualTo("transferred");
    assertThat(c1.getString("transfer_reason")).isEqualTo("caller_request");
    assertThat(c1.getBoolean("active")).isFalse();

    JsonArray active = get("/calls?active=true").bodyAsJsonArray();
    assertThat(active.size()).isEqualTo(1);
    assertThat(active.getJsonObject(0).getString("call_id")).isEqualTo("c2");
    assertThat(get("/calls?active=false").bodyAsJsonArray().getJsonObject(0).getString("call_id")).isEqualTo("c1");
    assertThat(get("/calls?active=maybe").statusCode()).isEqualTo(400);

    assertThat(get("/calls/c2").bodyAsJsonObject().getString("caller_id")).isEqualTo("+15550002222");
    HttpResponse<Buffer> missing = get("/calls/nobody");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).contains("nobody");
  }

  @Test
  void callEventsInOrderAsJson() throws Exception {
    syntheticCall("c1");
    HttpResponse<Buffer> r = get("/calls/c1/events");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray events = r.bodyAsJsonArray();
    assertThat(events.stream().map(o -> ((JsonObject) o).getString("type")).toList()).containsExactly(
        "call_started", "caller_speech_ended", "bot_utterance_started", "transfer", "call_ended");
    JsonObject transfer = events.getJsonObject(3);
    assertThat(transfer.getString("call_id")).isEqualTo("c1");
    assertThat(transfer.getLong("t_ms")).isEqualTo(4000);
    assertThat(transfer.getString("reason")).isEqualTo("caller_request");
    assertThat(get("/calls/nobody/events").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsAfterASyntheticCall() throws Exception {
    syntheticCall("c1");
    HttpResponse<Buffer> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("content-type")).startsWith("text/plain");
    assertThat(r.bodyAsString())
        .contains("voicebot_calls_active 0")
        .contains("voicebot_calls_total{outcome=\"transferred\"} 1")
        .contains("voicebot_transfers_total{reason=\"caller_request\"} 1")
        .contains("voicebot_response_latency_seconds_count 1")
        .contains("voicebot_response_latency_seconds_bucket{le=\"0.75\"} 1")
        .contains("voicebot_response_latency_seconds_bucket{le=\"0.5\"} 0")
        .contains("voicebot_barge_ins_total")
        .doesNotContain("5550001111");
  }

  @Test
  void summaryJsonAndWav() throws Exception {
    HttpResponse<Buffer> json = get("/calls/c1/summary");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.bodyAsJsonObject().getString("reason")).isEqualTo("caller_request");
    assertThat(get("/calls/c9/summary").statusCode()).isEqualTo(404);

    HttpResponse<Buffer> wav = get("/calls/c1/summary.wav");
    assertThat(wav.statusCode()).isEqualTo(200);
    assertThat(wav.getHeader("content-type")).isEqualTo("audio/wav");
    assertThat(wav.body()).isEqualTo(WAV);
    HttpResponse<Buffer> noWav = get("/calls/c9/summary.wav");
    assertThat(noWav.statusCode()).isEqualTo(404);
    assertThat(noWav.bodyAsJsonObject().getString("error")).contains("c9");

    HttpResponse<Buffer> head = client.request(HttpMethod.HEAD, "/calls/c1/summary.wav").send()
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("content-length")).isEqualTo(String.valueOf(WAV.length()));
    assertThat(head.body()).isNull();
  }

  @Test
  void unknownRouteIsJson404() throws Exception {
    HttpResponse<Buffer> r = get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).contains("/nope");
  }

  @Test
  void eventStreamDeliversEventsPublishedAfterConnectingAndUnsubscribesWhenTheClientGoes() throws Exception {
    int listenersBefore = log.listenerCount();
    HttpClient http = vertx.createHttpClient();
    StringBuffer received = new StringBuffer();
    HttpClientResponse response = http.request(HttpMethod.GET, port, "127.0.0.1", "/events?call=c1")
        .compose(req -> req.send())
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    response.handler(b -> received.append(b.toString()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("text/event-stream");
    await(() -> log.listenerCount() == listenersBefore + 1);

    log.publish(CallEvent.of("other", 0, EventType.CALL_STARTED)); // filtered out
    log.publish(CallEvent.of("c1", 0, EventType.CALL_STARTED));
    log.publish(CallEvent.of("c1", 700, EventType.DTMF, "digit", "0"));
    await(() -> received.toString().contains("\"digit\":\"0\""));

    List<JsonObject> data = received.toString().lines().filter(l -> l.startsWith("data: "))
        .map(l -> new JsonObject(l.substring(6))).toList();
    assertThat(data).extracting(j -> j.getString("type")).containsExactly("call_started", "dtmf");
    assertThat(data).allSatisfy(j -> assertThat(j.getString("call_id")).isEqualTo("c1"));
    // every frame is "data: {json}" followed by a blank line
    assertThat(received.toString()).contains("\"type\":\"call_started\"}\n\n");

    await(() -> received.toString().contains(": heartbeat\n\n"));

    http.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    await(() -> log.listenerCount() == listenersBefore);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
