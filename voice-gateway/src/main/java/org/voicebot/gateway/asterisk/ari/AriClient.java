package org.voicebot.gateway.asterisk.ari;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small ARI client on the Vert.x event loop: REST with {@link WebClient}, events over one
 * WebSocket on {@code /ari/events?app=NAME&subscribeAll=false}, HTTP Basic auth, per-request
 * timeouts, and reconnection with exponential backoff when Asterisk restarts or the socket drops.
 * The password never appears in a log line or an exception.
 */
public final class AriClient {

  private static final Logger log = LoggerFactory.getLogger(AriClient.class);

  /** Where and how to reach ARI. */
  public record Settings(String url, String username, String password, String app,
      long requestTimeoutMs, long reconnectMinMs, long reconnectMaxMs) {
    @Override
    public String toString() {
      return "AriClient.Settings[url=" + url + ", username=" + username + ", app=" + app + "]";
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final WebClient web;
  private final WebSocketClient wsClient;
  private final String host;
  private final int port;
  private final String authorization;
  private Handler<AriEvent> eventHandler = e -> { };
  private Handler<Boolean> connectionHandler = up -> { };
  private WebSocket socket;
  private long backoffMs;
  private boolean closed;
  private long reconnectTimer = -1;

  public AriClient(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    URI uri = URI.create(settings.url());
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("ari.url must look like http://host:port, was " + settings.url());
    }
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : 80;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setConnectTimeout((int) settings.requestTimeoutMs()).setKeepAlive(true));
    this.wsClient = vertx.createWebSocketClient();
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    this.backoffMs = settings.reconnectMinMs();
  }

  /** The Stasis application this client registers. */
  public String app() {
    return settings.app();
  }

  public void onEvent(Handler<AriEvent> handler) {
    this.eventHandler = handler;
  }

  /** Called with true when the event socket is up, false when it dropped. */
  public void onConnectionChange(Handler<Boolean> handler) {
    this.connectionHandler = handler;
  }

  public boolean connected() {
    return socket != null;
  }

  /**
   * Connects the event socket. The future completes on the first successful connection; failures are
   * retried with backoff until {@link #close()}, and the future fails only if the first attempt is
   * refused for a reason retrying cannot fix (bad credentials).
   */
  public Future<Void> connect() {
    Promise<Void> first = Promise.promise();
    attempt(first);
    return first.future();
  }

  private void attempt(Promise<Void> first) {
    if (closed) {
      return;
    }
    String uri = "/ari/events?app=" + enc(settings.app()) + "&subscribeAll=false";
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)
        .addHeader("Authorization", authorization).setTimeout(settings.requestTimeoutMs());
    wsClient.connect(options).onComplete(ar -> {
      if (ar.succeeded()) {
        backoffMs = settings.reconnectMinMs();
        socket = ar.result();
        log.info("ARI events connected: app '{}' at {}", settings.app(), settings.url());
        socket.textMessageHandler(this::onFrame);
        socket.closeHandler(v -> onSocketClosed(first));
        socket.exceptionHandler(e -> log.debug("ARI event socket: {}", e.toString()));
        connectionHandler.handle(true);
        first.tryComplete();
      } else {
        String why = ar.cause().getMessage();
        boolean authProblem = ar.cause() instanceof UpgradeRejectedException u && u.getStatus() == 401;
        if (authProblem) {
          log.error("ARI at {} refused the credentials of user '{}' (401): check ari.username/ari.password and ari.conf",
              settings.url(), settings.username());
        } else {
          log.warn("ARI at {} not reachable ({}); retrying in {} ms", settings.url(), why, backoffMs);
        }
        if (authProblem && !first.future().isComplete()) {
          first.tryFail(new AriException("GET /ari/events", 401, "Authentication required"));
        }
        scheduleReconnect(first);
      }
    });
  }

  private void onSocketClosed(Promise<Void> first) {
    socket = null;
    connectionHandler.handle(false);
    if (!closed) {
      log.warn("ARI event socket closed; reconnecting (calls in progress keep their media)");
      scheduleReconnect(first);
    }
  }

  private void scheduleReconnect(Promise<Void> first) {
    if (closed) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(settings.reconnectMaxMs(), backoffMs * 2);
    reconnectTimer = vertx.setTimer(delay, id -> attempt(first));
  }

  private void onFrame(String text) {
    AriEvent event;
    try {
      event = AriEvent.parse(new JsonObject(text));
    } catch (RuntimeException e) {
      log.warn("ARI sent an event the gateway cannot read ({}); ignored", e.getMessage());
      return;
    }
    try {
      eventHandler.handle(event);
    } catch (RuntimeException e) {
      log.error("handling ARI event {} failed", event.getClass().getSimpleName(), e);
    }
  }

  public Future<Void> close() {
    closed = true;
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
    Future<Void> f = socket == null ? Future.succeededFuture() : socket.close();
    return f.eventually(() -> {
      web.close();
      return wsClient.close();
    });
  }

  // ---- REST ---------------------------------------------------------------------------------

  public Future<Void> answer(String channelId) {
    return send(HttpMethod.POST, "/ari/channels/" + channelId + "/answer", Map.of()).mapEmpty();
  }

  /** Creates an externalMedia channel that makes Asterisk connect to our AudioSocket server with {@code uuid}. */
  public Future<JsonObject> externalMediaAudioSocket(String externalHost, String uuid) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("app", settings.app());
    q.put("external_host", externalHost);
    q.put("encapsulation", "audiosocket");
    q.put("transport", "tcp");
    q.put("format", "slin");
    q.put("data", uuid);
    return send(HttpMethod.POST, "/ari/channels/externalMedia", q).map(this::json);
  }

  public Future<String> createMixingBridge(String name) {
    return send(HttpMethod.POST, "/ari/bridges", Map.of("type", "mixing", "name", name))
        .map(r -> json(r).getString("id"));
  }

  public Future<Void> addChannel(String bridgeId, String channelId) {
    return send(HttpMethod.POST, "/ari/bridges/" + bridgeId + "/addChannel", Map.of("channel", channelId)).mapEmpty();
  }

  public Future<Void> setVariable(String channelId, String name, String value) {
    return send(HttpMethod.POST, "/ari/channels/" + channelId + "/variable", Map.of("variable", name, "value", value))
        .mapEmpty();
  }

  public Future<Void> continueInDialplan(String channelId, String context, String extension, int priority) {
    return send(HttpMethod.POST, "/ari/channels/" + channelId + "/continue",
        Map.of("context", context, "extension", extension, "priority", Integer.toString(priority))).mapEmpty();
  }

  public Future<Void> hangup(String channelId) {
    return send(HttpMethod.DELETE, "/ari/channels/" + channelId, Map.of()).mapEmpty();
  }

  public Future<Void> destroyBridge(String bridgeId) {
    return send(HttpMethod.DELETE, "/ari/bridges/" + bridgeId, Map.of()).mapEmpty();
  }

  /** Plays {@code media} (e.g. {@code sound:hello-world}) on a channel in Stasis; returns the playback id. */
  public Future<String> play(String channelId, String media) {
    return send(HttpMethod.POST, "/ari/channels/" + channelId + "/play", media == null ? Map.of() : Map.of("media", media))
        .map(r -> json(r).getString("id"));
  }

  /** The channel as Asterisk sees it now; fails with {@link AriException.Kind#NOT_FOUND} when it is gone. */
  public Future<JsonObject> channel(String channelId) {
    return send(HttpMethod.GET, "/ari/channels/" + channelId, Map.of()).map(this::json);
  }

  /** Every channel Asterisk has ({@code GET /channels}), as ARI's channel objects. */
  public Future<io.vertx.core.json.JsonArray> channels() {
    return send(HttpMethod.GET, "/ari/channels", Map.of()).map(this::jsonArray);
  }

  /** Every bridge Asterisk has ({@code GET /bridges}), as ARI's bridge objects (with their channel ids). */
  public Future<io.vertx.core.json.JsonArray> bridges() {
    return send(HttpMethod.GET, "/ari/bridges", Map.of()).map(this::jsonArray);
  }

  private io.vertx.core.json.JsonArray jsonArray(HttpResponse<Buffer> r) {
    io.vertx.core.json.JsonArray a = r.bodyAsJsonArray();
    return a == null ? new io.vertx.core.json.JsonArray() : a;
  }

  public Future<JsonObject> asteriskInfo() {
    return send(HttpMethod.GET, "/ari/asterisk/info", Map.of()).map(this::json);
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Map<String, String> query) {
    HttpRequest<Buffer> req = web.request(method, path).putHeader("Authorization", authorization)
        .timeout(settings.requestTimeoutMs());
    query.forEach(req::addQueryParam);
    String label = method + " " + path;
    return req.send().transform(ar -> {
      if (ar.failed()) {
        Throwable t = ar.cause();
        AriException.Kind kind = t instanceof java.util.concurrent.TimeoutException
            ? AriException.Kind.TIMEOUT : AriException.Kind.UNREACHABLE;
        return Future.failedFuture(new AriException(label, 0, t.getMessage(), kind));
      }
      HttpResponse<Buffer> r = ar.result();
      if (r.statusCode() / 100 != 2) {
        return Future.failedFuture(new AriException(label, r.statusCode(), message(r)));
      }
      log.debug("ARI {} -> {}", label, r.statusCode());
      return Future.succeededFuture(r);
    });
  }

  private String message(HttpResponse<Buffer> r) {
    try {
      JsonObject body = r.bodyAsJsonObject();
      if (body != null) {
        return body.getString("message", body.getString("error", ""));
      }
    } catch (RuntimeException ignored) {
      // not JSON: fall through to the raw body
    }
    String raw = r.bodyAsString();
    return raw == null ? "" : raw.strip();
  }

  private JsonObject json(HttpResponse<Buffer> r) {
    JsonObject body = r.bodyAsJsonObject();
    return body == null ? new JsonObject() : body;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
