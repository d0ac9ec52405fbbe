package org.voicebot.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.gateway.events.CallEventJson;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.events.CallRecord;

/**
 * The gateway's HTTP API as a vertx-web {@link Router}; mount it on an {@code HttpServer}.
 *
 * <pre>
 * GET /health                  200 UP or DEGRADED, 503 DOWN: {"status","components":{...}}
 * GET /metrics                 Prometheus text format
 * GET /calls[?active=true]     JSON array of calls, newest first
 * GET /calls/:id               one call
 * GET /calls/:id/events        the call's events, JSON array in order
 * GET /calls/:id/summary       the handoff summary as JSON for an agent's screen
 * GET /calls/:id/summary.wav   the spoken summary (8 kHz WAV) that Asterisk's Queue plays to the agent
 * GET /callbacks              callers who asked to be called back when no agent answered, newest first
 * GET /events[?call=ID]        live Server-Sent Events: one "data: {json}" per event, heartbeat comments
 * </pre>
 *
 * Errors are JSON {@code {"error":"..."}}. The summary functions are called on the event loop: they
 * must be look-ups of something already built, not synthesis.
 */
public final class HttpApi {

  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  public static final String WAV_CONTENT_TYPE = "audio/wav";

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final CallEventLog log;
  private final PrometheusMeterRegistry registry;
  private final HealthCheck health;
  private final Function<String, Optional<Buffer>> summaryWav;
  private final Function<String, Optional<JsonObject>> summaryJson;
  private final long heartbeatMs;
  private java.util.function.Supplier<JsonArray> callbacks = JsonArray::new;

  public HttpApi(
      Vertx vertx,
      CallEventLog log,
      PrometheusMeterRegistry registry,
      HealthCheck health,
      Function<String, Optional<Buffer>> summaryWav,
      Function<String, Optional<JsonObject>> summaryJson) {
    this(vertx, log, registry, health, summaryWav, summaryJson, DEFAULT_HEARTBEAT);
  }

  /** @param heartbeat how often an idle event stream gets a comment line (keeps proxies from closing it) */
  public HttpApi(
      Vertx vertx,
      CallEventLog log,
      PrometheusMeterRegistry registry,
      HealthCheck health,
      Function<String, Optional<Buffer>> summaryWav,
      Function<String, Optional<JsonObject>> summaryJson,
      Duration heartbeat) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.log = Objects.requireNonNull(log, "log");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.health = Objects.requireNonNull(health, "health");
    this.summaryWav = Objects.requireNonNull(summaryWav, "summaryWav");
    this.summaryJson = Objects.requireNonNull(summaryJson, "summaryJson");
    this.heartbeatMs = Math.max(1, heartbeat.toMillis());
  }

  /** Where {@code GET /callbacks} reads the callback requests (none until set). Returns this. */
  public HttpApi callbacks(java.util.function.Supplier<JsonArray> requests) {
    this.callbacks = Objects.requireNonNull(requests, "requests");
    return this;
  }

  /** A new router with every route; each call builds a fresh one. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.get("/calls").handler(this::calls);
    router.get("/calls/:id").handler(this::call);
    router.get("/calls/:id/events").handler(this::callEvents);
    router.get("/calls/:id/summary").handler(this::summary);
    router.route("/calls/:id/summary.wav").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::summaryWav);
    router.get("/events").handler(this::eventStream);
    router.get("/callbacks").handler(ctx -> ctx.response().putHeader("content-type", JSON)
        .end(callbacks.get().encodePrettily()));
    router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()));
    router.errorHandler(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.request().method()));
    router.errorHandler(500, ctx -> {
      LOG.warn("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      error(ctx, 500, "internal error");
    });
    return router;
  }

  private void health(RoutingContext ctx) {
    Health h;
    try {
      h = Objects.requireNonNull(health.check(), "the health check returned nothing");
    } catch (RuntimeException e) {
      LOG.warn("health check failed", e);
      json(ctx, 503, new JsonObject().put("status", Health.Status.DOWN.name()).put("error", String.valueOf(e.getMessage())));
      return;
    }
    json(ctx, h.status() == Health.Status.DOWN ? 503 : 200, h.toJson());
  }

  private void calls(RoutingContext ctx) {
    String active = ctx.request().getParam("active");
    if (active != null && !active.equals("true") && !active.equals("false")) {
      error(ctx, 400, "active: '" + active + "' is not one of true, false");
      return;
    }
    JsonArray out = new JsonArray();
    for (CallRecord c : log.calls()) {
      if (active == null || c.active() == Boolean.parseBoolean(active)) {
        out.add(CallEventJson.toJson(c));
      }
    }
    json(ctx, 200, out);
  }

  private void call(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    log.call(id).ifPresentOrElse(c -> json(ctx, 200, CallEventJson.toJson(c)), () -> noCall(ctx, id));
  }

  private void callEvents(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    List<CallEvent> events = log.events(id);
    if (events.isEmpty() && log.call(id).isEmpty()) {
      noCall(ctx, id);
      return;
    }
    JsonArray out = new JsonArray();
    events.forEach(e -> out.add(CallEventJson.toJson(e)));
    json(ctx, 200, out);
  }

  private void summary(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    summaryJson.apply(id).ifPresentOrElse(s -> json(ctx, 200, s),
        () -> error(ctx, 404, "no summary for call " + id));
  }

  private void summaryWav(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<Buffer> wav = summaryWav.apply(id);
    if (wav.isEmpty()) {
      error(ctx, 404, "no summary audio for call " + id);
      return;
    }
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, WAV_CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(wav.get().length())).end();
    } else {
      response.end(wav.get());
    }
  }

  /** Server-Sent Events: every event published after the client connects, optionally of one call. */
  private void eventStream(RoutingContext ctx) {
    String callFilter = ctx.request().getParam("call");
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    // Sends the headers at once, so that the client knows it is subscribed.
    response.write(": connected\n\n");

    Context context = vertx.getOrCreateContext();
    AtomicBoolean open = new AtomicBoolean(true);
    AtomicReference<Runnable> cleanup = new AtomicReference<>(() -> open.set(false));
    CallEventLog.Subscription subscription = log.subscribe(event -> {
      if (callFilter != null && !callFilter.equals(event.callId())) {
        return;
      }
      String frame = "data: " + CallEventJson.toJson(event).encode() + "\n\n";
      // Publishers run on other threads; writes happen in order on the response's own context.
      context.runOnContext(v -> {
        if (!open.get()) {
          return;
        }
        if (response.writeQueueFull()) {
          // A client that does not read must not make the gateway buffer without bound.
          LOG.warn("event stream client too slow, closing it");
          cleanup.get().run();
          response.reset();
          return;
        }
        response.write(frame);
      });
    });
    long timer = vertx.setPeriodic(heartbeatMs, t -> {
      if (open.get()) {
        response.write(": heartbeat\n\n");
      }
    });
    cleanup.set(() -> {
      open.set(false);
      subscription.close();
      vertx.cancelTimer(timer);
    });
    response.closeHandler(v -> cleanup.get().run());
    response.exceptionHandler(e -> cleanup.get().run());
  }

  private void noCall(RoutingContext ctx, String id) {
    error(ctx, 404, "no such call: " + id);
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    json(ctx, status, new JsonObject().put("error", message));
  }
}
