package org.voicebot.gateway.doctor;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Asterisk 22.10.1's ARI on an ephemeral port, answering ping, info, applications,
 * modules and the global variable resource with the status codes and bodies of
 * shared/asterisk-traces/02-ari-rest-exchanges.jsonl. The app 404 and the modules answers, which the
 * trace does not cover, follow res/ari/resource_applications.c and resource_asterisk.c.
 */
final class FakeAri {

  static final String PING = "{\"ping\":\"pong\",\"timestamp\":\"2026-11-29T10:48:44.277+0000\","
      + "\"asterisk_id\":\"02:fc:00:00:00:01\"}";

  volatile String password;
  volatile String version = "22.10.1";
  volatile boolean appRegistered = true;
  volatile boolean queueModuleLoaded = true;
  /** What {@code QUEUE_EXISTS(...)} evaluates to; "" for an Asterisk that does not evaluate functions. */
  volatile String queueExists = "1";
  final List<String> requests = new CopyOnWriteArrayList<>();

  private final HttpServer server;

  FakeAri(Vertx vertx, String password) throws Exception {
    this.password = password;
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest req) {
    requests.add(req.method() + " " + req.uri());
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString(("voicebot:" + password).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(req.getHeader("Authorization"))) {
      req.response().putHeader("WWW-Authenticate", "Basic realm=\"Asterisk REST Interface\"");
      reply(req, 401, "{\"message\":\"Authentication required\"}");
      return;
    }
    String path = req.path();
    switch (path) {
      case "/ari/asterisk/ping" -> reply(req, 200, PING);
      case "/ari/asterisk/info" -> reply(req, 200, "{\"build\":{\"os\":\"Linux\",\"kernel\":\"6.18.44-fc-v595\","
          + "\"machine\":\"x86_64\",\"options\":\"OPTIONAL_API\",\"date\":\"2026-11-29 10:31:08 UTC\",\"user\":\"root\"},"
          + "\"system\":{\"version\":\"" + version + "\",\"entity_id\":\"02:fc:00:00:00:01\"},"
          + "\"config\":{\"name\":\"\",\"default_language\":\"en\",\"setid\":{\"user\":\"\",\"group\":\"\"},"
          + "\"max_channels\":200},\"status\":{\"startup_time\":\"2026-11-29T10:44:26.861+0000\","
          + "\"last_reload_time\":\"2026-11-29T10:46:19.546+0000\"}}");
      case "/ari/applications/voicebot" -> {
        if (appRegistered) {
          reply(req, 200, "{\"name\":\"voicebot\",\"channel_ids\":[],\"bridge_ids\":[],\"endpoint_ids\":[],"
              + "\"device_names\":[],\"events_allowed\":[],\"events_disallowed\":[]}");
        } else {
          reply(req, 404, "{\"message\":\"Application not found\"}");
        }
      }
      case "/ari/asterisk/modules/app_queue.so" -> {
        if (queueModuleLoaded) {
          reply(req, 200, "{\"name\":\"app_queue.so\",\"description\":\"True Call Queueing\",\"use_count\":0,"
              + "\"status\":\"Running\",\"support_level\":\"core\"}");
        } else {
          reply(req, 404, "{\"message\":\"Module could not be found in running modules\"}");
        }
      }
      case "/ari/asterisk/variable" -> {
        String name = req.getParam("variable");
        if (name == null || name.isEmpty()) {
          reply(req, 400, "{\"message\":\"Variable name is required\"}");
        } else {
          reply(req, 200, "{\"value\":\"" + (name.startsWith("QUEUE_EXISTS(") ? queueExists : "") + "\"}");
        }
      }
      default -> reply(req, 404, "{\"message\":\"Resource not found\"}");
    }
  }

  private static void reply(HttpServerRequest req, int status, String body) {
    req.response().setStatusCode(status).putHeader("Server", "Asterisk/22.10.1")
        .putHeader("Cache-Control", "no-cache, no-store").putHeader("Content-type", "application/json")
        .end(body);
  }
}
