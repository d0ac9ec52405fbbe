package org.voicebot.testcalls.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleUtilityBackendTest {

  static Vertx vertx;
  static SampleUtilityBackend backend;
  static String url;
  static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    backend = new SampleUtilityBackend(vertx, Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));
    url = backend.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  static JsonObject post(String op, JsonObject body) throws Exception {
    var r = web.postAbs(url + "/" + op).sendJsonObject(body).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    return r.statusCode() == 200 ? r.bodyAsJsonObject() : new JsonObject().put("status", r.statusCode());
  }

  @Test
  void balances() throws Exception {
    assertThat(post("balance", new JsonObject().put("account", "40012345")))
        .isEqualTo(new JsonObject().put("result", "ok").put("amount_due", "45.50").put("due_date", "2026-12-15"));
    assertThat(post("balance", new JsonObject().put("account", "40054321")).getString("result")).isEqualTo("nothing_due");
    assertThat(post("balance", new JsonObject().put("account", "40099999")).getString("result")).isEqualTo("closed");
    assertThat(post("balance", new JsonObject().put("account", "12345678")).getString("result")).isEqualTo("not_found");
    assertThat(post("balance", new JsonObject().put("account", "40050000")).getInteger("status")).isEqualTo(500);
  }

  @Test
  void payments() throws Exception {
    assertThat(post("payment", new JsonObject().put("amount", "45.50").put("card", "4111111111111111"))
        .getString("result")).isEqualTo("ok");
    assertThat(post("payment", new JsonObject().put("amount", "45.50").put("card", "4111111111111112"))
        .getString("result")).isEqualTo("declined");
    assertThat(post("payment", new JsonObject().put("amount", "45.50").put("card", "4000000000000002"))
        .getString("result")).isEqualTo("declined");
    assertThat(post("payment", new JsonObject().put("amount", "9000").put("card", "4111111111111111"))
        .getString("result")).isEqualTo("bad_amount");
  }

  @Test
  void outagesAndOrders() throws Exception {
    assertThat(post("outage-status", new JsonObject().put("postal_code", "90210")).getString("cause"))
        .isEqualTo("a damaged power line");
    assertThat(post("outage-status", new JsonObject().put("postal_code", "12345")).getString("result")).isEqualTo("none");
    assertThat(post("outage-report", new JsonObject().put("postal_code", "90210")).getString("result")).isEqualTo("known");
    JsonObject fresh = post("outage-report", new JsonObject().put("postal_code", "12345"));
    assertThat(fresh.getString("result")).isEqualTo("ok");
    assertThat(fresh.getString("ticket")).matches("\\d{6}");
    assertThat(post("service-order", new JsonObject().put("type", "move").put("postal_code", "90210"))
        .getString("reference")).matches("\\d{6}");
    assertThat(post("service-order", new JsonObject().put("type", "teleport")).getString("result"))
        .isEqualTo("bad_request");
  }

  @Test
  void luhn() {
    assertThat(SampleUtilityBackend.luhn("4111111111111111")).isTrue();
    assertThat(SampleUtilityBackend.luhn("378282246310005")).isTrue();
    assertThat(SampleUtilityBackend.luhn("4111111111111112")).isFalse();
    assertThat(SampleUtilityBackend.luhn("4111")).isFalse();
  }
}
