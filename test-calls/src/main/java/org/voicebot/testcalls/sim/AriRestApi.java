package org.voicebot.testcalls.sim;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The ARI REST resources, with the status codes, reasons and bodies of Asterisk 22.10.1 (trace 02). */
final class AriRestApi {

    private static final Logger log = LoggerFactory.getLogger(AriRestApi.class);
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern API_KEY = Pattern.compile("(api_key=)[^&]*");
    private static final String CHANNEL_NOT_FOUND = "Channel not found";
    private static final String NOT_IN_STASIS = "Channel not in Stasis application";
    private static final String INTERNAL = "An internal error prevented this request from being handled";
    private static final String MISSING_APP_HTML = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\r\n"
            + "<html><head>\r\n<title>400 Bad Request</title>\r\n</head><body>\r\n<h1>Bad Request</h1>\r\n"
            + "<p>HTTP request is missing param: [app]</p>\r\n<hr />\r\n<address>Asterisk/22.10.1</address>\r\n"
            + "</body></html>\r\n";

    /** One request after auth, with query and JSON-body parameters merged (as res_ari does). */
    private static final class Req {
        final HttpServerRequest http;
        final List<String> pathParams;
        final Map<String, String> params;
        SimulatedCall call;

        Req(HttpServerRequest http, List<String> pathParams, Map<String, String> params) {
            this.http = http;
            this.pathParams = pathParams;
            this.params = params;
        }

        String path(int i) {
            return pathParams.get(i);
        }

        String param(String name) {
            String v = params.get(name);
            return v == null || v.isEmpty() ? null : v;
        }
    }

    private interface Handler {
        void handle(Req r);
    }

    private record Route(String[] pattern, Map<HttpMethod, Handler> handlers) {
        int literals() {
            int n = 0;
            for (String p : pattern) {
                if (!"*".equals(p)) {
                    n++;
                }
            }
            return n;
        }

        boolean matches(String[] segments) {
            if (segments.length != pattern.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                if (!"*".equals(pattern[i]) && !pattern[i].equals(segments[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final AsteriskSimulator sim;
    private final List<Route> routes = new ArrayList<>();
    volatile long replyDelayMs;

    AriRestApi(AsteriskSimulator sim) {
        this.sim = sim;
        route("asterisk/info", HttpMethod.GET, this::asteriskInfo);
        route("asterisk/ping", HttpMethod.GET, this::ping);
        route("asterisk/variable", HttpMethod.GET, this::getGlobalVariable, HttpMethod.POST, this::notSimulated);
        route("applications", HttpMethod.GET, this::listApplications);
        route("applications/*", HttpMethod.GET, this::getApplication);
        route("applications/*/subscription", HttpMethod.POST, this::subscribe);
        route("channels", HttpMethod.GET, this::listChannels, HttpMethod.POST, this::notSimulated);
        route("channels/create", HttpMethod.POST, this::notSimulated);
        route("channels/externalMedia", HttpMethod.POST, this::externalMedia);
        route("channels/*", HttpMethod.GET, this::getChannel, HttpMethod.DELETE, this::deleteChannel,
                HttpMethod.POST, this::notSimulated);
        route("channels/*/answer", HttpMethod.POST, this::answer);
        route("channels/*/variable", HttpMethod.GET, this::getVariable, HttpMethod.POST, this::setVariable);
        route("channels/*/continue", HttpMethod.POST, this::continueInDialplan);
        route("channels/*/dtmf", HttpMethod.POST, this::dtmf);
        route("channels/*/play", HttpMethod.POST, this::playOnChannel);
        for (String notSimulated : List.of("hold", "mute", "ring", "silence", "moh", "redirect", "snoop",
                "record", "dial", "move", "rtp_statistics", "transfer_progress")) {
            route("channels/*/" + notSimulated, HttpMethod.POST, this::notSimulated, HttpMethod.DELETE,
                    this::notSimulated, HttpMethod.GET, this::notSimulated);
        }
        route("bridges", HttpMethod.GET, this::listBridges, HttpMethod.POST, this::createBridge);
        route("bridges/*", HttpMethod.GET, this::getBridge, HttpMethod.DELETE, this::deleteBridge,
                HttpMethod.POST, this::createBridge);
        route("bridges/*/addChannel", HttpMethod.POST, this::addChannel);
        route("bridges/*/removeChannel", HttpMethod.POST, this::removeChannel);
        route("bridges/*/play", HttpMethod.POST, this::playOnBridge);
        route("playbacks/*", HttpMethod.GET, this::getPlayback, HttpMethod.DELETE, this::stopPlayback);
    }

    private void route(String pattern, HttpMethod m1, Handler h1) {
        route(pattern, m1, h1, null, null, null, null);
    }

    private void route(String pattern, HttpMethod m1, Handler h1, HttpMethod m2, Handler h2) {
        route(pattern, m1, h1, m2, h2, null, null);
    }

    private void route(String pattern, HttpMethod m1, Handler h1, HttpMethod m2, Handler h2,
                       HttpMethod m3, Handler h3) {
        Map<HttpMethod, Handler> handlers = new LinkedHashMap<>();
        handlers.put(m1, h1);
        if (m2 != null) {
            handlers.put(m2, h2);
        }
        if (m3 != null) {
            handlers.put(m3, h3);
        }
        routes.add(new Route(pattern.split("/"), handlers));
    }

    // =====================================================================================================
    // auth and dispatch

    boolean authorized(HttpServerRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                if (credentialsMatch(decoded)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        String apiKey = req.getParam("api_key");
        return apiKey != null && credentialsMatch(apiKey);
    }

    private boolean credentialsMatch(String userColonPass) {
        int colon = userColonPass.indexOf(':');
        return colon > 0 && userColonPass.substring(0, colon).equals(sim.options.username())
                && userColonPass.substring(colon + 1).equals(sim.options.password());
    }

    void unauthorized(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        resp.putHeader("WWW-Authenticate", "Basic realm=\"Asterisk REST Interface\"");
        sim.protocolError(null, "ARI " + req.method() + " " + redact(req.uri()) + " -> 401 Authentication required");
        sendJson(req, 401, "Unauthorized", AriJson.message("Authentication required"), null);
    }

    void missingAppParam(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        commonHeaders(resp);
        resp.putHeader("Content-type", "text/html");
        resp.setStatusCode(400).setStatusMessage("Bad Request");
        resp.end(MISSING_APP_HTML);
        logLine(req, 400, "Bad Request");
    }

    void handle(HttpServerRequest req) {
        String path = req.path();
        if (!path.startsWith("/ari/")) {
            HttpServerResponse resp = req.response();
            commonHeaders(resp);
            resp.putHeader("Content-type", "text/html");
            resp.setStatusCode(404).setStatusMessage("Not Found").end("<html><body><h1>Not Found</h1></body></html>\r\n");
            logLine(req, 404, "Not Found");
            return;
        }
        String[] segments = path.substring("/ari/".length()).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
        }
        Route best = null;
        for (Route r : routes) {
            if (r.matches(segments) && (best == null || r.literals() > best.literals())) {
                best = r;
            }
        }
        if (best == null) {
            sendError(req, 404, "Not Found", "Resource not found", null);
            return;
        }
        Handler handler = best.handlers().get(req.method());
        if (handler == null) {
            String allow = "OPTIONS," + best.handlers().keySet().stream().map(HttpMethod::name)
                    .collect(Collectors.joining(","));
            req.response().putHeader("Allow", allow);
            sendError(req, 405, "Method Not Allowed", "Invalid method", null);
            return;
        }
        List<String> pathParams = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            if ("*".equals(best.pattern()[i])) {
                pathParams.add(segments[i]);
            }
        }
        Handler h = handler;
        req.body().onComplete(ar -> {
            Map<String, String> params = new HashMap<>();
            MultiMap query = req.params();
            for (String name : query.names()) {
                params.put(name, query.get(name));
            }
            if (ar.succeeded()) {
                mergeBody(ar.result(), params);
            }
            Req r = new Req(req, pathParams, params);
            if (!pathParams.isEmpty() && "channels".equals(segments[0])) {
                r.call = sim.callOf(pathParams.get(0));
            }
            sim.onLoop(() -> h.handle(r));
        });
    }

    /** res_ari takes parameters from a JSON object body too (query string wins). */
    private static void mergeBody(Buffer body, Map<String, String> params) {
        if (body == null || body.length() == 0) {
            return;
        }
        try {
            Object parsed = body.toJson();
            if (parsed instanceof JsonObject o) {
                for (Map.Entry<String, Object> e : o) {
                    Object v = e.getValue();
                    if (v != null && !(v instanceof JsonObject) && !(v instanceof JsonArray)) {
                        params.putIfAbsent(e.getKey(), String.valueOf(v));
                    }
                }
            }
        } catch (DecodeException e) {
            log.debug("ignoring non-JSON request body");
        }
    }

    // =====================================================================================================
    // responses

    private static void commonHeaders(HttpServerResponse resp) {
        resp.putHeader("Server", "Asterisk/22.10.1");
        resp.putHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        resp.putHeader("Cache-Control", "no-cache, no-store");
    }

    private void sendJson(HttpServerRequest req, int status, String reason, Object body, SimulatedCall call) {
        HttpServerResponse resp = req.response();
        commonHeaders(resp);
        resp.putHeader("Content-type", "application/json");
        resp.setStatusCode(status).setStatusMessage(reason);
        String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
        afterReplyDelay(() -> resp.end(text));
        logLine(req, status, reason);
    }

    /**
     * A busy Asterisk: the request has taken effect (channels bridged, events sent) but its HTTP reply
     * reaches the client {@code replyDelayMs} later. Exposes clients that wait for a reply before they are
     * ready for what the request started (media flowing, a key pressed).
     */
    private void afterReplyDelay(Runnable send) {
        long delay = replyDelayMs;
        if (delay <= 0) {
            send.run();
        } else {
            sim.vertx.setTimer(delay, id -> send.run());
        }
    }

    private void json(Req r, int status, String reason, Object body) {
        sendJson(r.http, status, reason, body, r.call);
    }

    private void noContent(Req r) {
        HttpServerResponse resp = r.http.response();
        commonHeaders(resp);
        resp.setStatusCode(204).setStatusMessage("No Content");
        afterReplyDelay(resp::end);
        logLine(r.http, 204, "No Content");
    }

    void sendError(HttpServerRequest req, int status, String reason, String message, SimulatedCall call) {
        String line = req.method() + " " + redact(req.uri()) + " -> " + status + " " + message;
        sim.protocolError(call, "ARI " + line);
        sendJson(req, status, reason, AriJson.message(message), call);
    }

    private void error(Req r, int status, String reason, String message) {
        sendError(r.http, status, reason, message, r.call);
    }

    private static void logLine(HttpServerRequest req, int status, String reason) {
        if (log.isDebugEnabled()) {
            log.debug("ARI {} {} -> {} {}", req.method(), redact(req.uri()), status, reason);
        }
    }

    private static String redact(String uri) {
        return API_KEY.matcher(uri).replaceAll("$1***");
    }

    // =====================================================================================================
    // lookups

    /** Finds the channel of path parameter 0, attributing the request to its call; sends 404 if absent. */
    private SimChannel channel(Req r) {
        String id = r.path(0);
        r.call = sim.callOf(id);
        SimChannel c = sim.channels.get(id);
        if (c == null || !c.alive) {
            error(r, 404, "Not Found", CHANNEL_NOT_FOUND);
            return null;
        }
        return c;
    }

    private SimChannel stasisChannel(Req r) {
        SimChannel c = channel(r);
        if (c != null && !c.inStasis) {
            error(r, 409, "Conflict", NOT_IN_STASIS);
            return null;
        }
        return c;
    }

    private SimBridge bridge(Req r) {
        SimBridge b = sim.bridges.get(r.path(0));
        if (b == null) {
            error(r, 404, "Not found", "Bridge not found");
            return null;
        }
        r.call = sim.callOfBridge(b);
        return b;
    }

    // =====================================================================================================
    // asterisk, applications

    private void asteriskInfo(Req r) {
        String started = AriJson.time(sim.startMillis);
        JsonObject info = new JsonObject()
                .put("build", new JsonObject().put("os", "Linux").put("kernel", "6.18.44-fc-v595")
                        .put("machine", "x86_64").put("options", "OPTIONAL_API")
                        .put("date", "2026-11-29 10:31:08 UTC").put("user", "root"))
                .put("system", new JsonObject().put("version", "22.10.1").put("entity_id", AriJson.ASTERISK_ID))
                .put("config", new JsonObject().put("name", "").put("default_language", "en")
                        .put("setid", new JsonObject().put("user", "").put("group", ""))
                        .put("max_channels", 200))
                .put("status", new JsonObject().put("startup_time", started).put("last_reload_time", started));
        json(r, 200, "OK", info);
    }

    private void ping(Req r) {
        json(r, 200, "OK", new JsonObject().put("ping", "pong").put("timestamp", AriJson.now())
                .put("asterisk_id", AriJson.ASTERISK_ID));
    }

    private JsonObject application(String app) {
        List<String> ids = sim.channels.values().stream()
                .filter(c -> c.alive && app.equals(c.app) && (c.subscribed || c.inStasis))
                .map(c -> c.id).toList();
        List<String> bridgeIds = sim.bridges.values().stream().filter(b -> b.apps.contains(app))
                .map(b -> b.id).toList();
        return new JsonObject().put("name", app).put("channel_ids", new JsonArray(ids))
                .put("bridge_ids", new JsonArray(bridgeIds)).put("endpoint_ids", new JsonArray())
                .put("device_names", new JsonArray()).put("events_allowed", new JsonArray())
                .put("events_disallowed", new JsonArray());
    }

    /**
     * {@code GET /asterisk/variable?variable=NAME}: a global variable; unset gives {@code {"value":""}}. Asterisk
     * reads the name with {@code ast_str_retrieve_variable} and does NOT evaluate dialplan functions here (only the
     * channel variable resource does), so {@code QUEUE_EXISTS(q)} answers {@code ""} as well.
     */
    private void getGlobalVariable(Req r) {
        String name = r.param("variable");
        if (name == null || name.isEmpty()) {
            error(r, 400, "Bad Request", "Variable name is required");
            return;
        }
        String value = name.endsWith(")") ? null : sim.globalVariable(name);
        json(r, 200, "OK", new JsonObject().put("value", value == null ? "" : value));
    }

    private void listApplications(Req r) {
        JsonArray all = new JsonArray();
        sim.connectedApps().forEach(app -> all.add(application(app)));
        json(r, 200, "OK", all);
    }

    private void getApplication(Req r) {
        String app = r.path(0);
        if (!sim.connectedApps().contains(app)) {
            error(r, 404, "Not Found", "Application not found");
            return;
        }
        json(r, 200, "OK", application(app));
    }

    private void subscribe(Req r) {
        String app = r.path(0);
        if (!sim.connectedApps().contains(app)) {
            error(r, 404, "Not Found", "Application not found");
            return;
        }
        String source = r.param("eventSource");
        if (source == null) {
            error(r, 400, "Bad Request", "Missing parameter eventSource");
            return;
        }
        for (String s : source.split(",")) {
            if (!s.startsWith("channel:")) {
                error(r, 400, "Bad Request", "Invalid event source URI scheme");
                return;
            }
            String id = s.substring("channel:".length());
            r.call = sim.callOf(id);
            SimChannel c = sim.channels.get(id);
            if (c == null || !c.alive) {
                error(r, 422, "Unprocessable Entity", "Event source was not found");
                return;
            }
            c.subscribed = true;
        }
        json(r, 200, "OK", application(app));
    }

    // =====================================================================================================
    // channels

    private void notSimulated(Req r) {
        if (!r.pathParams.isEmpty()) {
            r.call = sim.callOf(r.path(0));
        }
        error(r, 501, "Not Implemented", "Not implemented by the Asterisk simulator");
    }

    private void listChannels(Req r) {
        JsonArray all = new JsonArray();
        sim.channels.values().stream().filter(c -> c.alive).forEach(c -> all.add(AriJson.channel(c)));
        json(r, 200, "OK", all);
    }

    private void getChannel(Req r) {
        SimChannel c = channel(r);
        if (c != null) {
            json(r, 200, "OK", AriJson.channel(c));
        }
    }

    private void deleteChannel(Req r) {
        SimChannel c = channel(r);
        if (c == null) {
            return;
        }
        if (c.isExternalMedia()) {
            sim.hangupExternalMediaByGateway(c);
        } else if (c.inStasis) {
            sim.hangupCallerByGateway(c);
        } else if (c.call != null && c.call.runner != null) {
            // a dialplan call outside Stasis: the running application hears the hang-up, then h runs
            c.call.runner.hangupBy(CallEnd.HungUpBy.GATEWAY, "ARI DELETE /channels/" + c.id);
        } else {
            // in the dialplan (after continue or fail-open): hung up without events to the app
            c.alive = false;
            sim.channels.remove(c.id);
        }
        noContent(r);
    }

    private void answer(Req r) {
        SimChannel c = stasisChannel(r);
        if (c == null) {
            return;
        }
        if (!"Up".equals(c.state)) {
            c.state = "Up";
            sim.emit(c.app, AriJson.channelStateChange(c)); // the event precedes the 204, as in trace 01
        }
        noContent(r);
    }

    private void getVariable(Req r) {
        String name = r.param("variable");
        if (name == null) {
            error(r, 400, "Bad Request", "Variable name is required");
            return;
        }
        SimChannel c = channel(r);
        if (c == null) {
            return;
        }
        String value = c.variables.get(name);
        if (value == null) {
            error(r, 404, "Variable Not Found", "Provided variable was not found");
            return;
        }
        json(r, 200, "OK", new JsonObject().put("value", value));
    }

    private void setVariable(Req r) {
        String name = r.param("variable");
        if (name == null) {
            error(r, 400, "Bad Request", "Variable name is required");
            return;
        }
        SimChannel c = stasisChannel(r);
        if (c == null) {
            return;
        }
        sim.setVar(c, name, r.params.get("value"), true);
        noContent(r);
    }

    private void continueInDialplan(Req r) {
        SimChannel c = stasisChannel(r);
        if (c == null) {
            return;
        }
        String context = r.param("context");
        String exten = r.param("extension");
        String priorityText = r.param("priority");
        int priority;
        if (priorityText != null) {
            try {
                priority = Integer.parseInt(priorityText);
            } catch (NumberFormatException e) {
                error(r, 400, "Bad Request", "priority must be an integer");
                return;
            }
        } else if (context != null || exten != null) {
            priority = 1; // another extension or context starts at 1
        } else {
            priority = c.priority + 1; // no target: the next priority after Stasis()
        }
        sim.continueInDialplan(c, context != null ? context : c.context, exten != null ? exten : c.exten, priority);
        noContent(r);
    }

    private void dtmf(Req r) {
        SimChannel c = stasisChannel(r);
        if (c == null) {
            return;
        }
        String digits = r.param("dtmf");
        if (digits == null) {
            error(r, 400, "Bad Request", "DTMF is required");
            return;
        }
        long before = longParam(r, "before", 0);
        long between = longParam(r, "between", 100);
        long duration = longParam(r, "duration", 100);
        if (c.isExternalMedia()) {
            sim.sendDtmfToExternalMedia(c, digits, before, between, duration);
        } else if (c.call != null) {
            c.call.recordDtmfToCaller(digits);
        }
        noContent(r);
    }

    private static long longParam(Req r, String name, long dflt) {
        String v = r.param(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private void playOnChannel(Req r) {
        SimChannel c = stasisChannel(r);
        if (c == null) {
            return;
        }
        String media = r.param("media");
        if (media == null) {
            error(r, 500, "Internal Server Error", "Failed to queue media for playback");
            return;
        }
        SimPlayback p = newPlayback(r, media, "channel:" + c.id, c.app);
        p.channel = c;
        if (c.call != null && !c.isExternalMedia()) {
            c.call.recordPlayback(media);
        }
        respondPlayback(r, p);
    }

    private void playOnBridge(Req r) {
        SimBridge b = bridge(r);
        if (b == null) {
            return;
        }
        String media = r.param("media");
        if (media == null) {
            error(r, 500, "Internal Server Error", "Failed to queue media for playback");
            return;
        }
        SimPlayback p = newPlayback(r, media, "bridge:" + b.id, null);
        p.bridge = b;
        for (SimChannel c : b.channels) {
            if (c.call != null && !c.isExternalMedia()) {
                c.call.recordPlayback(media);
            }
        }
        respondPlayback(r, p);
    }

    private SimPlayback newPlayback(Req r, String media, String target, String app) {
        String id = r.param("playbackId");
        return new SimPlayback(id != null ? id : UUID.randomUUID().toString(), media, target, app);
    }

    private void respondPlayback(Req r, SimPlayback p) {
        sim.startPlayback(p); // PlaybackStarted may reach the app before the 201, as in trace 01b
        r.http.response().putHeader("Location", "/ari/playbacks/" + p.id);
        json(r, 201, "Created", AriJson.playback(p, "queued"));
    }

    private void getPlayback(Req r) {
        SimPlayback p = sim.playbacks.get(r.path(0));
        if (p == null) {
            error(r, 404, "Not Found", "Playback not found");
            return;
        }
        json(r, 200, "OK", AriJson.playback(p, "playing"));
    }

    private void stopPlayback(Req r) {
        SimPlayback p = sim.playbacks.get(r.path(0));
        if (p == null) {
            error(r, 404, "Not Found", "Playback not found");
            return;
        }
        sim.finishPlayback(p, "done");
        noContent(r);
    }

    private void externalMedia(Req r) {
        String app = r.param("app");
        String host = r.param("external_host");
        String encapsulation = r.param("encapsulation") == null ? "rtp" : r.param("encapsulation");
        String transport = r.param("transport") == null ? "udp" : r.param("transport");
        String format = r.param("format");
        String data = r.param("data");
        if (app == null) {
            error(r, 400, "Bad Request", "app cannot be empty");
            return;
        }
        if (host == null) {
            error(r, 400, "Bad Request", "external_host cannot be empty");
            return;
        }
        if (format == null) {
            error(r, 400, "Bad Request", "format cannot be empty");
            return;
        }
        if (!"audiosocket".equalsIgnoreCase(encapsulation)) {
            error(r, 501, "Not Implemented", "The Asterisk simulator only implements encapsulation=audiosocket");
            return;
        }
        if (!"tcp".equalsIgnoreCase(transport)) {
            error(r, 400, "Bad Request", "transport must be 'tcp' for audiosocket encapsulation");
            return;
        }
        if (data == null) {
            error(r, 400, "Bad Request", "data can not be empty");
            return;
        }
        int colon = host.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException ignored) {
                port = -1;
            }
        }
        if (port <= 0 || port > 65535) {
            error(r, 400, "Bad Request", "external_host must be <host>:<port> for all transports other than websocket");
            return;
        }
        if (!UUID_TEXT.matcher(data).matches()) {
            log.warn("Failed to parse UUID '{}'", data);
            error(r, 500, "Internal Server Error", INTERNAL);
            return;
        }
        if (!"slin".equals(format.toLowerCase(Locale.ROOT))) {
            error(r, 500, "Internal Server Error", INTERNAL + " (simulator: only format=slin is simulated)");
            return;
        }
        String hostOnly = host.substring(0, colon);
        String uuid = data;
        sim.connectAudioSocket(hostOnly, port).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("Connecting to '{}' failed: {}", host, ar.cause().toString());
                error(r, 500, "Internal Server Error", INTERNAL);
                return;
            }
            AsteriskSimulator.ExternalMedia created = sim.createExternalMedia(ar.result(), app, host, uuid);
            MediaStartOrder.Plan plan = sim.nextMediaStartPlan();
            if (plan.eventsFirst()) {
                sim.dialExternalMedia(created.channel(), 0, 0); // trace 03: events, then the 200
                json(r, 200, "OK", created.body());
            } else {
                json(r, 200, "OK", created.body()); // the 200 as soon as the dial thread is started
                sim.dialExternalMedia(created.channel(), plan.dialMs(), plan.stasisMs());
            }
        });
    }

    // =====================================================================================================
    // bridges

    private void listBridges(Req r) {
        JsonArray all = new JsonArray();
        sim.bridges.values().forEach(b -> all.add(AriJson.bridge(b)));
        json(r, 200, "OK", all);
    }

    private void createBridge(Req r) {
        String type = r.param("type") == null ? "mixing" : r.param("type");
        String id = r.pathParams.isEmpty() ? r.param("bridgeId") : r.path(0);
        String name = r.param("name") == null ? "" : r.param("name");
        boolean holding = false;
        for (String t : type.split(",")) {
            switch (t.trim()) {
                case "mixing", "dtmf_events", "proxy_media", "video_sfu", "video_single", "sdp_label" -> { }
                case "holding" -> holding = true;
                default -> {
                    error(r, 500, "Internal Error", "Unable to create bridge. Possible duplicate bridge id '"
                            + (id == null ? "(null)" : id) + "'");
                    return;
                }
            }
        }
        if (id != null && sim.bridges.containsKey(id)) {
            SimBridge existing = sim.bridges.get(id);
            json(r, 200, "OK", AriJson.bridge(existing));
            return;
        }
        SimBridge b = new SimBridge(id != null ? id : UUID.randomUUID().toString(), name,
                holding ? "holding" : "mixing", System.currentTimeMillis());
        sim.bridges.put(b.id, b);
        json(r, 200, "OK", AriJson.bridge(b));
    }

    private void getBridge(Req r) {
        SimBridge b = bridge(r);
        if (b != null) {
            json(r, 200, "OK", AriJson.bridge(b));
        }
    }

    private void deleteBridge(Req r) {
        SimBridge b = bridge(r);
        if (b == null) {
            return;
        }
        sim.destroyBridge(b);
        noContent(r);
    }

    private List<SimChannel> channelsParam(Req r) {
        String ids = r.param("channel");
        if (ids == null) {
            error(r, 400, "Bad Request", "Missing parameter channel");
            return null;
        }
        List<SimChannel> result = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (r.call == null) {
                r.call = sim.callOf(id);
            }
            SimChannel c = sim.channels.get(id);
            if (c == null || !c.alive) {
                error(r, 400, "Bad Request", CHANNEL_NOT_FOUND);
                return null;
            }
            result.add(c);
        }
        return result;
    }

    private void addChannel(Req r) {
        SimBridge b = bridge(r);
        if (b == null) {
            return;
        }
        List<SimChannel> joining = channelsParam(r);
        if (joining == null) {
            return;
        }
        for (SimChannel c : joining) {
            if (!c.inStasis) {
                error(r, 422, "Unprocessable Entity", NOT_IN_STASIS);
                return;
            }
        }
        sim.enterBridge(b, joining);
        noContent(r);
    }

    private void removeChannel(Req r) {
        SimBridge b = bridge(r);
        if (b == null) {
            return;
        }
        List<SimChannel> leaving = channelsParam(r);
        if (leaving == null) {
            return;
        }
        for (SimChannel c : leaving) {
            if (c.bridge != b) {
                error(r, 422, "Unprocessable Entity", "Channel not in this bridge");
                return;
            }
        }
        leaving.forEach(sim::leaveBridge);
        noContent(r);
    }
}
