package org.voicebot.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackendClientTest {

  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  /** What the fake backend does on hit n (1-based): a status and body, or "hang". */
  private volatile java.util.function.IntFunction<String[]> behaviour = n -> new String[] {"200", "{\"result\":\"ok\"}"};
  private BackendClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      int n = hits.incrementAndGet();
      bodies.add(b.toJsonObject());
      String[] r = behaviour.apply(n);
      if (r[0].equals("hang")) {
        return;
      }
      req.response().setStatusCode(Integer.parseInt(r[0])).putHeader("Content-Type", "application/json").end(r[1]);
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    client = new BackendClient(vertx, new BackendClient.Settings("http://127.0.0.1:" + server.actualPort() + "/api/",
        500));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      get(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void postsTheRequestAsJsonAndReadsResultAndFields() throws Exception {
    behaviour = n -> new String[] {"200",
        "{\"result\":\"ok\",\"amount_due\":\"45.50\",\"count\":3,\"nested\":{\"x\":1},\"flag\":true}"};
    BackendClient.Reply r = get(client.call("balance", Map.of("account", "40012345"), true));
    assertThat(r.result()).isEqualTo("ok");
    assertThat(r.fields()).containsExactlyInAnyOrderEntriesOf(Map.of("amount_due", "45.50", "count", "3", "flag", "true"));
    assertThat(bodies).containsExactly(new JsonObject().put("account", "40012345"));
  }

  @Test
  void anIdempotentRequestIsRetriedOnceAfterA5xxOrATimeout() throws Exception {
    behaviour = n -> n == 1 ? new String[] {"503", "{}"} : new String[] {"200", "{\"result\":\"ok\"}"};
    assertThat(get(client.call("balance", Map.of(), true)).result()).isEqualTo("ok");
    assertThat(hits.get()).isEqualTo(2);

    hits.set(0);
    behaviour = n -> n == 1 ? new String[] {"hang"} : new String[] {"200", "{\"result\":\"ok\"}"};
    assertThat(get(client.call("balance", Map.of(), true)).result()).isEqualTo("ok");
    assertThat(hits.get()).isEqualTo(2);

    hits.set(0);
    behaviour = n -> new String[] {"500", "{}"};
    Throwable t = failure(client.call("balance", Map.of(), true));
    assertThat(t).hasMessage("HTTP 500");
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void aPaymentIsNeverSentTwice() throws Exception {
    behaviour = n -> new String[] {"hang"};
    Throwable t = failure(client.call("payment", Map.of("card", "4111111111111111"), false));
    assertThat(t.getMessage()).contains("no answer within 500 ms").doesNotContain("4111");
    Thread.sleep(600); // a retry, if any, would have arrived by now
    assertThat(hits.get()).isLessThanOrEqualTo(1);
  }

  @Test
  void nonsenseRepliesAreClearFailures() throws Exception {
    behaviour = n -> new String[] {"200", "not json"};
    assertThat(failure(client.call("balance", Map.of(), true))).hasMessageContaining("not a JSON object");
    behaviour = n -> new String[] {"200", "{\"amount\":\"1\"}"};
    assertThat(failure(client.call("balance", Map.of(), true))).hasMessageContaining("no text field 'result'");
    behaviour = n -> new String[] {"404", "{}"};
    assertThat(failure(client.call("balance", Map.of(), true))).hasMessage("HTTP 404");
  }

  @Test
  void withoutAUrlEveryRequestFailsAtOnce() throws Exception {
    BackendClient none = new BackendClient(vertx, new BackendClient.Settings("", 500));
    assertThat(none.configured()).isFalse();
    assertThat(failure(none.call("balance", Map.of(), true))).hasMessageContaining("no backend configured");
    none.close();
  }
}
