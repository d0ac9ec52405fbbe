package org.voicebot.gateway.asterisk.ari;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ARI client against a fake Asterisk that answers with the exact status codes and bodies of the
 * captured REST exchanges (trace 02), and whose event socket can be dropped.
 */
class AriClientTest {

  private static final String PASSWORD = "s3cret-Pa55";

  private Vertx vertx;
  private HttpServer server;
  private final List<JsonObject> exchanges = new ArrayList<>();
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger wsConnects = new AtomicInteger();
  private volatile boolean refuseWebSockets;
  private volatile boolean silent;
  private AriClient client;

  @BeforeEach
  void start() throws Exception {
    for (JsonObject f : AriEventTraceTest.frames("02-ari-rest-exchanges.jsonl")) {
      exchanges.add(f);
    }
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    client = new AriClient(vertx, new AriClient.Settings("http://127.0.0.1:" + server.actualPort(), "voicebot",
        PASSWORD, "voicebot", 1000, 50, 200));
  }

  @AfterEach
  void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest req) {
    String expected = "Basic " + Base64.getEncoder().encodeToString(("voicebot:" + PASSWORD).getBytes());
    if (!expected.equals(req.getHeader("Authorization"))) {
      req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"Asterisk REST Interface\"")
          .end("{\"message\":\"Authentication required\"}");
      return;
    }
    if (req.path().equals("/ari/events")) {
      if (refuseWebSockets) {
        req.response().setStatusCode(503).end();
        return;
      }
      req.toWebSocket().onSuccess(ws -> {
        wsConnects.incrementAndGet();
        sockets.add(ws);
        ws.closeHandler(v -> sockets.remove(ws));
      });
      return;
    }
    if (silent) {
      return; // never answers: the client's timeout must fire
    }
    // Replay: the last recorded exchange with the same method, path and query parameters; else the
    // last with the same method and path. Recorded 401s are skipped: this server checks auth itself.
    JsonObject exact = null;
    JsonObject samePath = null;
    Map<String, String> query = new java.util.TreeMap<>();
    req.params().forEach(e -> query.put(e.getKey(), e.getValue()));
    for (JsonObject x : exchanges) {
      String[] parts = x.getString("request_line").split(" ");
      java.net.URI uri = java.net.URI.create(parts[1]);
      if (x.getInteger("status") == 401 || !parts[0].equals(req.method().name()) || !uri.getPath().equals(req.path())) {
        continue;
      }
      samePath = x;
      Map<String, String> recorded = new java.util.TreeMap<>();
      if (uri.getQuery() != null) {
        for (String kv : uri.getQuery().split("&")) {
          String[] p = kv.split("=", 2);
          recorded.put(p[0], p.length > 1 ? p[1] : "");
        }
      }
      if (recorded.equals(query)) {
        exact = x;
      }
    }
    JsonObject x = exact != null ? exact : samePath;
    if (x == null) {
      req.response().setStatusCode(599).end("{\"message\":\"no recorded exchange\"}");
      return;
    }
    String body = x.getString("response_body");
    req.response().setStatusCode(x.getInteger("status")).putHeader("Content-Type", "application/json")
        .end(body == null ? "" : body);
  }

  private static <T> Throwable failureOf(Future<T> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure, got success");
  }

  @Test
  void realErrorCodesBecomeTypedErrors() throws Exception {
    Map<Future<?>, AriException.Kind> cases = Map.of(
        client.answer("1795949872.100"), AriException.Kind.NOT_IN_STASIS,
        client.setVariable("1795949872.100", "X", "1"), AriException.Kind.NOT_IN_STASIS,
        client.addChannel("82577f5c-49c4-4ac0-bdfe-a4ca9ebad8bd", "no-such-channel-id"), AriException.Kind.BAD_REQUEST,
        client.addChannel("c7a85330-76ae-4ba5-a43f-316cfad54318", "1795949836.91"), AriException.Kind.UNPROCESSABLE,
        client.play("1795949324.13", null), AriException.Kind.SERVER_ERROR,
        client.hangup("no-such-channel-id"), AriException.Kind.NOT_FOUND,
        client.continueInDialplan("1795949324.12", "voicebot-transfer", "s", 1), AriException.Kind.NOT_IN_STASIS);
    for (var c : cases.entrySet()) {
      Throwable t = failureOf(c.getKey());
      assertThat(t).isInstanceOf(AriException.class);
      assertThat(((AriException) t).kind()).as(t.getMessage()).isEqualTo(c.getValue());
    }
    AriException notInStasis = (AriException) failureOf(client.answer("1795949872.100"));
    assertThat(notInStasis.getMessage()).contains("409").contains("Channel not in Stasis application");
    assertThat(notInStasis.gone()).isTrue();
    AriException noMedia = (AriException) failureOf(client.play("1795949324.13", null));
    assertThat(noMedia.getMessage()).contains("Failed to queue media for playback");
    assertThat(noMedia.gone()).isFalse();
  }

  @Test
  void successfulCallsReturnTheirBodies() throws Exception {
    JsonObject info = client.asteriskInfo().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(info.getJsonObject("system").getString("version")).isEqualTo("22.10.1");
    JsonObject channel = client.channel("1795949324.13").toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(channel.getJsonObject("dialplan").getString("app_name")).isEqualTo("Stasis");
  }

  @Test
  void aSilentAsteriskTimesOutAsRetryable() throws Exception {
    silent = true;
    long t0 = System.nanoTime();
    AriException e = (AriException) failureOf(client.answer("1795949324.13"));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(e.kind()).isEqualTo(AriException.Kind.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(ms).isGreaterThanOrEqualTo(900).isLessThan(4000);
  }

  @Test
  void wrongPasswordIsTypedAndNeverShowsThePassword() throws Exception {
    AriClient wrong = new AriClient(vertx, new AriClient.Settings("http://127.0.0.1:" + server.actualPort(),
        "voicebot", "not-" + PASSWORD, "voicebot", 1000, 50, 200));
    AriException rest = (AriException) failureOf(wrong.asteriskInfo());
    assertThat(rest.kind()).isEqualTo(AriException.Kind.UNAUTHORIZED);
    AriException ws = (AriException) failureOf(wrong.connect());
    assertThat(ws.status()).isEqualTo(401);
    assertThat(rest.getMessage() + ws.getMessage() + wrong.toString()).doesNotContain(PASSWORD);
    wrong.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void theEventSocketComesBackAfterDropsAndRefusals() throws Exception {
    List<AriEvent> received = new CopyOnWriteArrayList<>();
    List<Boolean> changes = new CopyOnWriteArrayList<>();
    client.onEvent(received::add);
    client.onConnectionChange(changes::add);
    client.connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    await(() -> sockets.size() == 1);

    // Asterisk restarts: the socket drops and upgrades are refused for a while.
    refuseWebSockets = true;
    sockets.forEach(ServerWebSocket::close);
    await(() -> !client.connected());
    Thread.sleep(400);
    assertThat(client.connected()).isFalse();
    refuseWebSockets = false;
    await(client::connected);
    assertThat(wsConnects.get()).isEqualTo(2);
    assertThat(changes).containsExactly(true, false, true);

    // Events flow on the new socket.
    String frame = AriEventTraceTest.frames("01-ari-stasis-lifecycle.events.jsonl").get(0).encode();
    sockets.forEach(s -> s.writeTextMessage(frame));
    await(() -> received.size() == 1);
    assertThat(received.get(0)).isInstanceOf(AriEvent.StasisStart.class);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 5 s");
      }
      Thread.sleep(10);
    }
  }
}
