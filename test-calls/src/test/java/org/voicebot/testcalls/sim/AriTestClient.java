package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What the gateway would be: plain Vert.x WebClient for ARI REST plus the events WebSocket. Blocking helpers for tests. */
final class AriTestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final Vertx vertx;
    final int port;
    final String auth;
    final WebClient web;
    final WebSocketClient wsClient;
    WebSocket ws;
    /** Raw text frames as received, in order. */
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    /** Every event taken from {@link #events} so far, for "never received" checks. */
    final List<JsonObject> seen = new ArrayList<>();

    AriTestClient(Vertx vertx, int port, String user, String pass) {
        this.vertx = vertx;
        this.port = port;
        this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        this.web = WebClient.create(vertx);
        this.wsClient = vertx.createWebSocketClient();
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    Future<WebSocket> connectEvents(String query) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ari/events" + query);
        if (auth != null) {
            o.addHeader("Authorization", auth);
        }
        return wsClient.connect(o);
    }

    AriTestClient connect(String app) {
        ws = await(connectEvents("?app=" + app + "&subscribeAll=false"));
        ws.textMessageHandler(events::add);
        return this;
    }

    HttpResponse<Buffer> rest(HttpMethod method, String uri) {
        return await(web.request(method, port, "127.0.0.1", uri).putHeader("Authorization", auth).send());
    }

    HttpResponse<Buffer> post(String uri) {
        return rest(HttpMethod.POST, uri);
    }

    HttpResponse<Buffer> get(String uri) {
        return rest(HttpMethod.GET, uri);
    }

    HttpResponse<Buffer> delete(String uri) {
        return rest(HttpMethod.DELETE, uri);
    }

    /** Next event (in arrival order); fails after the timeout. */
    JsonObject next() {
        try {
            String text = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no ARI event within " + TIMEOUT + "; seen so far: " + types());
            }
            JsonObject e = new JsonObject(text);
            e.put("_raw", text);
            seen.add(e);
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Next event of the given type about the given channel id (null = any); skips others. */
    JsonObject nextOf(String type, String channelId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject e = next();
            if (e.getString("type").equals(type) && (channelId == null || channelId.equals(channelIdOf(e)))) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " for " + channelId + "; seen " + types());
    }

    /** The next n events, in order. */
    List<JsonObject> next(int n) {
        List<JsonObject> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(next());
        }
        return list;
    }

    /** Waits quietly and returns what arrived. */
    List<JsonObject> drain(Duration quiet) {
        List<JsonObject> list = new ArrayList<>();
        try {
            String text;
            while ((text = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                JsonObject e = new JsonObject(text);
                e.put("_raw", text);
                seen.add(e);
                list.add(e);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return list;
    }

    boolean sawAny(Predicate<JsonObject> p) {
        return seen.stream().anyMatch(p);
    }

    static String channelIdOf(JsonObject e) {
        JsonObject ch = e.getJsonObject("channel");
        if (ch == null) {
            ch = e.getJsonObject("peer");
        }
        return ch == null ? null : ch.getString("id");
    }

    static String summary(JsonObject e) {
        String extra = e.containsKey("variable") ? "(" + e.getString("variable") + "=" + e.getString("value") + ")" : "";
        return e.getString("type") + extra + "@" + channelIdOf(e);
    }

    List<String> types() {
        return seen.stream().map(AriTestClient::summary).toList();
    }

    @Override
    public void close() {
        if (ws != null && !ws.isClosed()) {
            await(ws.close());
        }
        web.close();
        await(wsClient.close());
    }
}
