package org.voicebot.gateway.backend;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business backend a dialog's {@code backend:} intents talk to: {@code POST <url>/<operation>}
 * with the request fields as a JSON object; the reply is a JSON object whose {@code result} picks the
 * dialog's reply and whose other scalar fields fill it. A timeout, a connection failure or a 5xx is
 * retried once when the operation is idempotent; anything else fails, and the dialog apologises and
 * transfers. Request bodies can hold card numbers: they are never logged.
 */
public final class BackendClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackendClient.class);

  /** Where the backend is; {@code url} empty means none is configured. */
  public record Settings(String url, long timeoutMs) {}

  /** A usable reply: the result and the other fields as text. */
  public record Reply(String result, Map<String, String> fields) {}

  /** Why a request gave no usable reply; {@code retryable} when trying again may help. */
  public static final class BackendException extends RuntimeException {
    private final boolean retryable;

    BackendException(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Settings settings;
  private final WebClient web;
  private final String base;

  public BackendClient(Vertx vertx, Settings settings) {
    this.settings = settings;
    String u = settings.url() == null ? "" : settings.url().strip();
    if (!u.isEmpty()) {
      URI uri = URI.create(u);
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("backend.url must look like http://host:port/path, was " + u);
      }
    }
    this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) settings.timeoutMs())
        .setKeepAlive(true).setUserAgent("voicebot"));
  }

  public boolean configured() {
    return !base.isEmpty();
  }

  /** Sends one request; an idempotent one is retried once after a retryable failure. */
  public Future<Reply> call(String operation, Map<String, String> request, boolean idempotent) {
    if (!configured()) {
      return Future.failedFuture(new BackendException("no backend configured (backend.url)", false));
    }
    return once(operation, request).recover(e -> {
      if (idempotent && e instanceof BackendException b && b.retryable()) {
        log.info("backend {}: {}; retrying once", operation, e.getMessage());
        return once(operation, request);
      }
      return Future.failedFuture(e);
    });
  }

  private Future<Reply> once(String operation, Map<String, String> request) {
    JsonObject body = new JsonObject();
    request.forEach(body::put);
    return web.postAbs(base + "/" + operation).timeout(settings.timeoutMs()).sendJsonObject(body)
        .transform(ar -> {
          if (ar.failed()) {
            Throwable t = ar.cause();
            String what = t instanceof TimeoutException ? "no answer within " + settings.timeoutMs() + " ms"
                : "unreachable (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
            return Future.failedFuture(new BackendException(what, true));
          }
          return parse(ar.result());
        });
  }

  private static Future<Reply> parse(HttpResponse<Buffer> r) {
    if (r.statusCode() >= 500) {
      return Future.failedFuture(new BackendException("HTTP " + r.statusCode(), true));
    }
    if (r.statusCode() / 100 != 2) {
      return Future.failedFuture(new BackendException("HTTP " + r.statusCode(), false));
    }
    JsonObject json;
    try {
      json = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return Future.failedFuture(new BackendException("reply is not a JSON object", false));
    }
    if (json == null || !(json.getValue("result") instanceof String result) || result.isBlank()) {
      return Future.failedFuture(new BackendException("reply has no text field 'result'", false));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (var e : json) {
      Object v = e.getValue();
      if (!e.getKey().equals("result") && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
        fields.put(e.getKey(), String.valueOf(v));
      }
    }
    return Future.succeededFuture(new Reply(result, fields));
  }

  @Override
  public void close() {
    web.close();
  }
}
