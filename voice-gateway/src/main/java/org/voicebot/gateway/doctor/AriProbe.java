package org.voicebot.gateway.doctor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.voicebot.gateway.config.GatewayConfig;

/**
 * Read-only ARI requests for the doctor: GET with HTTP Basic auth and a timeout. Answers are
 * remembered per request so several checks can share one {@code /asterisk/ping}. The password only
 * ever goes into the Authorization header.
 */
final class AriProbe {

  /** An HTTP answer: status and body text (empty when none). */
  record Reply(int status, String body) {

    /** Asterisk's {@code {"message": ...}} text, or the raw body cut short when it is not JSON. */
    String message() {
      try {
        JsonObject json = new JsonObject(body);
        return json.getString("message", json.getString("error", body));
      } catch (RuntimeException notJson) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
      }
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final WebClient web;
  private final String baseUrl;
  private final String authorization;
  private final long timeoutMs;
  private final Map<String, Future<Reply>> answers = new HashMap<>();

  AriProbe(Vertx vertx, GatewayConfig.Ari ari) {
    this.baseUrl = ari.url();
    this.timeoutMs = ari.requestTimeoutMs();
    boolean tls = baseUrl.regionMatches(true, 0, "https:", 0, 6);
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeoutMs)
        .setSsl(tls).setKeepAlive(false).setUserAgentEnabled(false));
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (ari.username() + ":" + ari.password()).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code GET {ari.url}{path}} with one optional query parameter; fails only when no HTTP answer came. */
  Future<Reply> get(String path, String queryName, String queryValue) {
    String key = path + "?" + queryName + "=" + queryValue;
    return answers.computeIfAbsent(key, k -> {
      HttpRequest<Buffer> req = web.getAbs(baseUrl + path).putHeader("Authorization", authorization)
          .timeout(timeoutMs);
      if (queryName != null) {
        req.addQueryParam(queryName, queryValue);
      }
      return req.send().map(r -> new Reply(r.statusCode(), r.bodyAsString() == null ? "" : r.bodyAsString()));
    });
  }

  Future<Reply> get(String path) {
    return get(path, null, null);
  }

  /** The ARI base URL for messages, without any user:password@ an admin may have written into it. */
  String shownUrl() {
    return shownUrl(baseUrl);
  }

  static String shownUrl(String url) {
    try {
      URI u = new URI(url);
      if (u.getUserInfo() == null) {
        return url;
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (URISyntaxException e) {
      return "<ari.url>";
    }
  }

  void close() {
    web.close();
  }
}
