package org.voicebot.testcalls.sim;

import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.testcalls.sim.dialplan.Dialplan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A simulated Asterisk 22.10.1 for tests: ARI (REST + events WebSocket) on one HTTP port, the AudioSocket side
 * of {@code externalMedia} (Asterisk is the TCP client), and a dialplan interpreter whose calls
 * ({@link #dial}) run Stasis(), FastAGI, the AudioSocket() application and Queue() as Asterisk's side of those
 * protocols. Behaviour follows the captured traces in {@code shared/asterisk-traces}. All state lives on one
 * Vert.x event loop.
 */
public final class AsteriskSimulator {

    private static final Logger log = LoggerFactory.getLogger(AsteriskSimulator.class);

    final Vertx vertx;
    final SimulatorOptions options;
    final long startMillis = System.currentTimeMillis();
    private Context context;
    private HttpServer server;
    private NetClient netClient;
    private HttpClient httpClient;
    private volatile Dialplan dialplan;
    private final Map<String, String> globalOverrides = new ConcurrentHashMap<>();
    private final Map<String, QueueBehaviour> queues = new ConcurrentHashMap<>();
    /** Until this System.nanoTime(), events WebSocket upgrades are answered 503 (Asterisk restarting). */
    private volatile long refuseSocketsUntilNanos;
    private volatile boolean refusingSockets;
    private String deploymentId;
    private AriRestApi rest;

    final Map<String, SimChannel> channels = new ConcurrentHashMap<>();
    final Map<String, SimBridge> bridges = new ConcurrentHashMap<>();
    final Map<String, SimPlayback> playbacks = new HashMap<>();
    private final Map<String, ServerWebSocket> appSockets = new ConcurrentHashMap<>();
    private final Map<String, List<Promise<Void>>> appWaiters = new HashMap<>();
    final List<SimulatedCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private final List<AmiServer> amiServers = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> mediaDurations = new ConcurrentHashMap<>();
    private final Set<String> missingMedia = ConcurrentHashMap.newKeySet();
    private final AtomicLong uniqueIds = new AtomicLong(1);
    private final AtomicInteger localChannels = new AtomicInteger();
    private final AtomicLong unattributedBotFrames = new AtomicLong();
    /** The seeded choices of {@link MediaStartOrder#next}; used on the event loop only. */
    private java.util.Random orderingRandom;
    private volatile MediaStartOrder mediaStartOrder;
    private volatile boolean closed;

    private AsteriskSimulator(Vertx vertx, SimulatorOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.mediaStartOrder = options.mediaStartOrder();
        this.orderingRandom = new java.util.Random(mediaStartOrder.seed());
    }

    /** Starts ARI on {@code options.host():options.ariPort()} (0 = ephemeral) on its own event-loop context. */
    public static Future<AsteriskSimulator> start(Vertx vertx, SimulatorOptions options) {
        AsteriskSimulator sim = new AsteriskSimulator(vertx, options);
        return vertx.deployVerticle(sim.new SimVerticle()).map(id -> {
            sim.deploymentId = id;
            log.info("Asterisk simulator listening on {}", sim.ariUrl());
            return sim;
        });
    }

    private final class SimVerticle extends VerticleBase {
        @Override
        public Future<?> start() {
            AsteriskSimulator.this.context = context;
            rest = new AriRestApi(AsteriskSimulator.this);
            netClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000).setTcpNoDelay(true));
            httpClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000));
            server = vertx.createHttpServer(new HttpServerOptions()
                    .setHost(options.host()).setPort(options.ariPort()));
            server.requestHandler(AsteriskSimulator.this::handleRequest);
            return server.listen();
        }

        @Override
        public Future<?> stop() {
            closed = true;
            for (SimulatedCall call : calls) {
                DialplanRunner r = call.runner;
                if (r != null && !r.ended()) {
                    r.hangupBy(CallEnd.HungUpBy.CALLER, "simulator stopped");
                }
            }
            for (SimChannel c : List.copyOf(channels.values())) {
                if (c.socket != null) {
                    c.alive = false;
                    c.socket.close();
                }
            }
            for (ServerWebSocket ws : List.copyOf(appSockets.values())) {
                ws.close();
            }
            appSockets.clear();
            List<Future<?>> closing = new ArrayList<>(List.of(server.close(), netClient.close(), httpClient.close()));
            amiServers.forEach(a -> closing.add(a.close()));
            return Future.join(closing);
        }
    }

    public int ariPort() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String ariUrl() {
        return "http://" + options.host() + ":" + ariPort();
    }

    public SimulatorOptions options() {
        return options;
    }

    /** Completes when an events WebSocket for {@code app} is connected (immediately if one already is). */
    public Future<Void> awaitApp(String app, Duration timeout) {
        Promise<Void> p = Promise.promise();
        onLoop(() -> {
            if (appSockets.containsKey(app)) {
                p.tryComplete();
                return;
            }
            appWaiters.computeIfAbsent(app, k -> new ArrayList<>()).add(p);
            vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
                if (p.tryFail(new TimeoutException("no ARI WebSocket for app '" + app + "' within " + timeout))) {
                    List<Promise<Void>> w = appWaiters.get(app);
                    if (w != null) {
                        w.remove(p);
                    }
                }
            });
        });
        return p.future();
    }

    /** True while an events WebSocket for {@code app} is connected. */
    public boolean appConnected(String app) {
        return appSockets.containsKey(app);
    }

    /** A caller enters {@code Stasis(app, args...)}; without a connected app: STASISSTATUS=FAILED, dialplan continues. */
    public SimulatedCall placeCall(CallOptions o) {
        long now = System.currentTimeMillis();
        long first = uniqueIds.getAndAdd(2); // the ;1 half takes one uniqueid, the ;2 half (in Stasis) the next
        String id = (now / 1000) + "." + (first + 1);
        String name = String.format("Local/%s@%s-%08x;2", o.exten(), o.context(), localChannels.incrementAndGet());
        SimChannel c = new SimChannel(id, name, SimChannel.Kind.CALLER, o.app(), now);
        c.callerName = o.callerName();
        c.callerNumber = o.callerNumber();
        c.connectedName = o.callerName();
        c.connectedNumber = o.callerNumber();
        c.state = o.answered() ? "Up" : "Ring";
        c.setDialplan(o.context(), o.exten(), o.priority(), "Stasis", o.appData());
        SimulatedCall call = new SimulatedCall(this, c, o);
        c.call = call;
        calls.add(call);
        onLoop(() -> enterStasis(call, o));
        return call;
    }

    // =====================================================================================================
    // dialplan

    /** Calls placed with {@link #dial} run this dialplan from now on ({@code [globals]} overrides are kept). */
    public void loadDialplan(Dialplan plan) {
        dialplan = plan;
    }

    /** The loaded dialplan, or null. */
    public Dialplan dialplan() {
        return dialplan;
    }

    /** Delays every ARI REST reply by this much after the request took effect (a busy Asterisk); 0: none. */
    public void setRestReplyDelayMs(long ms) {
        rest.replyDelayMs = ms;
    }

    /** Overrides (or adds) a {@code [globals]} variable, e.g. {@code VOICEBOT_AGI=127.0.0.1:<port>}. */
    public void setGlobal(String name, String value) {
        if (value == null) {
            globalOverrides.remove(name);
        } else {
            globalOverrides.put(name, value);
        }
    }

    /** A global variable: an override from {@link #setGlobal}, else {@code [globals]}, else null. */
    public String globalVariable(String name) {
        String v = globalOverrides.get(name);
        if (v != null) {
            return v;
        }
        Dialplan d = dialplan;
        return d == null ? null : d.globals().get(name);
    }

    /** A queue of queues.conf: how its (simulated) members answer. Replaces an earlier definition. */
    public void defineQueue(String name, QueueBehaviour behaviour) {
        queues.put(name, behaviour);
    }

    /**
     * Starts the Manager Interface (AMI, {@link AmiServer}) on {@code options.host()}, an ephemeral port, with one
     * manager.conf user; its queues are those of {@link #defineQueue}. Returns the port.
     */
    public Future<Integer> startAmi(String username, String secret, Set<String> writePermissions) {
        AmiServer ami = new AmiServer(vertx, Map.of(username, new AmiServer.User(secret, Set.copyOf(writePermissions))),
                filter -> AmiServer.fromSimulator(queues, filter));
        amiServers.add(ami);
        return ami.listen(options.host(), 0);
    }

    /** QUEUE_EXISTS(name). */
    public boolean queueExists(String name) {
        return queues.containsKey(name);
    }

    QueueBehaviour queueBehaviour(String name) {
        return queues.get(name);
    }

    /** {@code Local/1001@agent/n} answers as {@code Local/1001@agent-0000000N;1}. */
    String agentChannelName(String member) {
        String m = member.endsWith("/n") ? member.substring(0, member.length() - 2) : member;
        String suffix = String.format("-%08x", localChannels.incrementAndGet());
        return m.startsWith("Local/") ? m + suffix + ";1" : m + suffix;
    }

    /**
     * A caller enters the dialplan at {@code context,exten,1} (state Ring until Answer()). The returned call shows
     * the dialplan's progress ({@link SimulatedCall#executed()}, {@link SimulatedCall#outcome()},
     * {@link SimulatedCall#ended()}).
     *
     * @throws IllegalStateException when no dialplan is loaded
     * @throws IllegalArgumentException when the context or extension does not exist
     */
    public SimulatedCall dial(DialOptions o) {
        Dialplan plan = dialplan;
        if (plan == null) {
            throw new IllegalStateException("no dialplan loaded: call loadDialplan() first");
        }
        if (!plan.hasContext(o.context())) {
            throw new IllegalArgumentException("no context [" + o.context() + "] in " + plan.file());
        }
        if (!plan.extensionExists(o.context(), o.exten())) {
            throw new IllegalArgumentException("no extension " + o.exten() + " in [" + o.context() + "] of " + plan.file());
        }
        long now = System.currentTimeMillis();
        String id;
        String name;
        if (o.tech() == DialOptions.Tech.LOCAL) {
            long first = uniqueIds.getAndAdd(2); // the ;1 half takes one uniqueid, the ;2 half (the caller here) the next
            id = (now / 1000) + "." + (first + 1);
            name = String.format("Local/%s@%s-%08x;2", o.exten(), o.context(), localChannels.incrementAndGet());
        } else {
            id = nextUniqueId(now);
            name = String.format("PJSIP/%s-%08x", o.endpoint(), localChannels.incrementAndGet());
        }
        SimChannel c = new SimChannel(id, name, SimChannel.Kind.CALLER, null, now);
        c.callerName = o.callerName();
        c.callerNumber = o.callerNumber();
        c.connectedName = o.callerName();
        c.connectedNumber = o.callerNumber();
        c.dnid = o.tech() == DialOptions.Tech.PJSIP ? o.exten() : "";
        c.state = "Ring";
        c.setDialplan(o.context(), o.exten(), 1, "", "");
        SimulatedCall call = new SimulatedCall(this, c, o);
        c.call = call;
        DialplanRunner runner = new DialplanRunner(this, call, plan, o.context(), o.exten());
        call.runner = runner;
        calls.add(call);
        onLoop(() -> {
            channels.put(c.id, c);
            runner.start();
        });
        return call;
    }

    /** Stasis() run by the dialplan: fail-open without a connected app (trace 06), else wait for the exit. */
    Future<Integer> runStasis(DialplanRunner runner, List<String> args) {
        SimChannel c = runner.c;
        SimulatedCall call = runner.call;
        String app = args.isEmpty() ? "" : args.get(0).trim();
        if (runner.hungUp) {
            return Future.succeededFuture(-1);
        }
        c.app = app;
        if (app.isEmpty() || !appSockets.containsKey(app)) {
            call.log("WARNING " + c.name + ": Failed to find outbound websocket per-call config for app '" + app + "'");
            call.log("WARNING " + c.name + ": Stasis app '" + app + "' doesn't exist");
            c.variables.put("STASISSTATUS", "FAILED");
            return Future.succeededFuture(0);
        }
        c.stasisExit = Promise.promise();
        c.inStasis = true;
        emit(app, AriJson.stasisStart(c, args.subList(1, args.size())));
        return c.stasisExit.future().map(exit -> {
            c.stasisExit = null;
            switch (exit.reason()) {
                case CONTINUED -> {
                    runner.jumpTo(exit.context(), exit.exten(), exit.priority());
                    return 0;
                }
                case HUNG_UP_BY_GATEWAY -> {
                    runner.hangupBy(CallEnd.HungUpBy.GATEWAY, "ARI DELETE /channels/" + c.id);
                    return -1;
                }
                default -> {
                    runner.hangupBy(CallEnd.HungUpBy.CALLER, "caller hung up in Stasis");
                    return -1;
                }
            }
        });
    }

    Future<NetSocket> connectTcp(String host, int port) {
        return netClient.connect(port, host);
    }

    HttpClient httpClient() {
        return httpClient;
    }

    // =====================================================================================================
    // ARI restarts

    /**
     * Every events WebSocket is cut without a close frame (network drop, Asterisk restart). Channels in Stasis stay;
     * events emitted while no socket is connected are lost.
     */
    public Future<Void> dropEventSockets() {
        Promise<Void> p = Promise.promise();
        onLoop(() -> {
            for (ServerWebSocket ws : new LinkedHashSet<>(appSockets.values())) {
                appSockets.values().removeIf(w -> w == ws);
                log.info("Dropping ARI WebSocket (simulated network drop: RST, no close frame)");
                if (ws instanceof WebSocketInternal internal) {
                    io.netty.channel.Channel ch = internal.channelHandlerContext().channel();
                    try {
                        ch.config().setOption(ChannelOption.SO_LINGER, 0);
                    } catch (RuntimeException e) {
                        log.debug("could not set SO_LINGER 0: {}", e.toString());
                    }
                    ch.close();
                } else {
                    ws.close();
                }
            }
            p.complete();
        });
        return p.future();
    }

    /** For {@code duration}, events WebSocket upgrades are answered {@code 503 Service Unavailable}. */
    public void refuseEventSockets(Duration duration) {
        refuseSocketsUntilNanos = System.nanoTime() + duration.toNanos();
        refusingSockets = true;
    }

    private boolean refusingEventSockets() {
        return refusingSockets && System.nanoTime() < refuseSocketsUntilNanos;
    }

    /** Ids of externalMedia channels that still exist (leak check after calls). */
    public Set<String> liveExternalMediaChannels() {
        return channels.values().stream().filter(c -> c.isExternalMedia() && c.alive)
                .map(c -> c.id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Ids of bridges that still exist (leak check after calls). */
    public Set<String> liveBridges() {
        return new LinkedHashSet<>(bridges.keySet());
    }

    /** Every call placed so far. */
    public List<SimulatedCall> calls() {
        return List.copyOf(calls);
    }

    /** Every protocol error seen, including those not attributable to one call. */
    public List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
    }

    /** A playback of {@code mediaUri} lasts {@code duration} (default {@link SimulatorOptions#defaultPlaybackDuration()}). */
    public void defineMedia(String mediaUri, Duration duration) {
        mediaDurations.put(mediaUri, duration);
        missingMedia.remove(mediaUri);
    }

    /** A playback of {@code mediaUri} fails at once (PlaybackFinished state failed), like a missing sound file. */
    public void defineMissingMedia(String mediaUri) {
        missingMedia.add(mediaUri);
    }

    public Future<Void> close() {
        if (deploymentId == null) {
            return Future.succeededFuture();
        }
        String id = deploymentId;
        deploymentId = null;
        return vertx.undeploy(id);
    }

    // =====================================================================================================
    // event loop plumbing

    void onLoop(Runnable r) {
        if (closed) {
            return;
        }
        context.runOnContext(v -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("simulator action failed", e);
                protocolErrors.add("simulator internal error: " + e);
            }
        });
    }

    void emit(String app, JsonObject event) {
        if (app == null) {
            return;
        }
        event.put("asterisk_id", AriJson.ASTERISK_ID).put("application", app);
        ServerWebSocket ws = appSockets.get(app);
        String text = event.encode();
        if (ws == null) {
            log.debug("no WebSocket for app {}: dropped {}", app, event.getString("type"));
            return;
        }
        log.trace("event to {}: {}", app, text);
        ws.writeTextMessage(text);
    }

    void protocolError(SimulatedCall call, String message) {
        log.warn("protocol error{}: {}", call == null ? "" : " on " + call.channelId(), message);
        protocolErrors.add(message);
        if (call != null) {
            call.protocolError(message);
        }
    }

    String nextUniqueId(long nowMillis) {
        return (nowMillis / 1000) + "." + uniqueIds.getAndIncrement();
    }

    Duration playbackDuration(String mediaUri) {
        return mediaDurations.getOrDefault(mediaUri, options.defaultPlaybackDuration());
    }

    boolean mediaMissing(String mediaUri) {
        return missingMedia.contains(mediaUri);
    }

    // =====================================================================================================
    // HTTP entry

    private void handleRequest(HttpServerRequest req) {
        if (!rest.authorized(req)) {
            rest.unauthorized(req);
            return;
        }
        if ("/ari/events".equals(req.path())) {
            handleEventsSocket(req);
            return;
        }
        rest.handle(req);
    }

    private void handleEventsSocket(HttpServerRequest req) {
        String appParam = req.getParam("app");
        if (appParam == null || appParam.isBlank()) {
            log.warn("Failed to create ARI websocket session: 400 Bad Request HTTP request is missing param: [app]");
            rest.missingAppParam(req);
            return;
        }
        if (refusingEventSockets()) {
            log.info("refusing ARI WebSocket for {}: simulated restart window", appParam);
            rest.sendError(req, 503, "Service Unavailable", "Asterisk is restarting (simulated)", null);
            return;
        }
        if (!req.canUpgradeToWebSocket()) {
            rest.sendError(req, 400, "Bad Request", "Invalid WebSocket upgrade request", null);
            return;
        }
        List<String> apps = List.of(appParam.split(","));
        req.toWebSocket().onSuccess(ws -> {
            log.debug("ARI WebSocket connected for {}", apps);
            for (String app : apps) {
                ServerWebSocket old = appSockets.put(app, ws);
                if (old != null && old != ws && !old.isClosed()) {
                    log.info("Replacing Stasis app '{}'", app);
                    old.writeTextMessage(AriJson.applicationReplaced(app).encode());
                } else {
                    log.info("Creating Stasis app '{}'", app);
                }
                List<Promise<Void>> waiters = appWaiters.remove(app);
                if (waiters != null) {
                    waiters.forEach(Promise::tryComplete);
                }
            }
            ws.textMessageHandler(msg -> log.debug("ignored WebSocket message from gateway: {}", msg));
            ws.exceptionHandler(e -> log.debug("ARI WebSocket error: {}", e.toString()));
            ws.closeHandler(v -> {
                for (String app : apps) {
                    if (appSockets.remove(app, ws)) {
                        // Asterisk deactivates the app; channels already in Stasis stay there.
                        log.info("Deactivating Stasis app '{}' (WebSocket closed)", app);
                    }
                }
            });
        }).onFailure(e -> log.warn("WebSocket upgrade failed: {}", e.toString()));
    }

    // =====================================================================================================
    // caller side

    private void enterStasis(SimulatedCall call, CallOptions o) {
        SimChannel c = call.channel;
        channels.put(c.id, c);
        if (!appSockets.containsKey(o.app())) {
            // trace 06: "Stasis app 'voicebot' doesn't exist" -> STASISSTATUS=FAILED, dialplan continues
            c.variables.put("STASISSTATUS", "FAILED");
            c.inStasis = false;
            protocolError(call, "Stasis app '" + o.app() + "' doesn't exist (no ARI WebSocket connected): "
                    + "STASISSTATUS=FAILED, dialplan continued");
            c.setDialplan(o.context(), o.exten(), o.priority() + 1, "", "");
            call.completeExit(new DialplanExit(DialplanExit.Reason.CONTINUED, c.context, c.exten, c.priority,
                    Map.copyOf(c.variables)));
            return;
        }
        c.inStasis = true;
        emit(c.app, AriJson.stasisStart(c, o.stasisArgs()));
    }

    void callerAudio(SimulatedCall call, byte[] slin) {
        DialplanRunner r = call.runner;
        if (r != null && !call.channel.inStasis) {
            if (call.channel.alive) {
                r.callerAudio(slin);
            }
            return;
        }
        if (!mediaBridged(call)) {
            call.droppedCallerFrames.incrementAndGet();
            return;
        }
        call.media.socket.write(AudioSocketFrame.audio(slin).encode());
    }

    void callerDtmf(SimulatedCall call, char digit) {
        SimChannel c = call.channel;
        DialplanRunner r = call.runner;
        if (r != null && c.alive && !c.inStasis) {
            r.callerDtmf(digit);
            return;
        }
        if (!c.alive || !c.inStasis) {
            return;
        }
        emit(c.app, AriJson.channelDtmfReceived(c, digit, 100));
        if (mediaBridged(call)) {
            call.media.socket.write(AudioSocketFrame.dtmf(digit).encode());
        }
    }

    void callerHangup(SimulatedCall call) {
        SimChannel c = call.channel;
        if (!c.alive) {
            return;
        }
        DialplanRunner r = call.runner;
        if (r != null && !c.inStasis) {
            r.hangupBy(CallEnd.HungUpBy.CALLER, "caller hung up");
            return;
        }
        if (c.inStasis) {
            emit(c.app, AriJson.channelHangupRequest(c, 16, false));
            stopPlaybacks(c, "failed");
            leaveBridge(c);
            destroy(c); // gone for REST lookups before the app hears StasisEnd
            endStasis(c);
            if (c.subscribed) {
                setVar(c, "STASISSTATUS", "SUCCESS", true);
                emit(c.app, AriJson.channelDestroyed(c));
            } else {
                c.variables.put("STASISSTATUS", "SUCCESS");
            }
            callerExited(call, DialplanExit.Reason.CALLER_HANGUP);
        } else {
            destroy(c);
        }
    }

    /** {@code DELETE /channels/{caller}} while in Stasis. */
    void hangupCallerByGateway(SimChannel c) {
        emit(c.app, AriJson.channelHangupRequest(c, 32, true));
        stopPlaybacks(c, "failed");
        leaveBridge(c);
        destroy(c);
        endStasis(c);
        c.variables.put("STASISSTATUS", "SUCCESS");
        if (c.subscribed) {
            emit(c.app, AriJson.channelVarset(c, "STASISSTATUS", "SUCCESS"));
            emit(c.app, AriJson.channelHangupRequest(c, 16, true));
            emit(c.app, AriJson.channelDestroyed(c));
        }
        if (c.call != null) {
            callerExited(c.call, DialplanExit.Reason.HUNG_UP_BY_GATEWAY);
        }
    }

    /** {@code POST /channels/{caller}/continue}. */
    void continueInDialplan(SimChannel c, String context, String exten, int priority) {
        if (c.isExternalMedia()) {
            // not traced; its dialplan (default,s) has nothing to run, so the channel ends
            protocolError(c.call, "continue on externalMedia channel " + c.id + ": it leaves Stasis and hangs up");
            externalMediaGone(c);
            return;
        }
        stopPlaybacks(c, "done");
        leaveBridge(c);
        endStasis(c);
        setVar(c, "STASISSTATUS", "SUCCESS", c.subscribed);
        c.setDialplan(context, exten, priority, "", "");
        if (c.call != null) {
            callerExited(c.call, DialplanExit.Reason.CONTINUED);
        }
    }

    private void callerExited(SimulatedCall call, DialplanExit.Reason reason) {
        SimChannel c = call.channel;
        DialplanExit exit = new DialplanExit(reason, c.context, c.exten, c.priority, Map.copyOf(c.variables));
        call.completeExit(exit);
        if (c.stasisExit != null) {
            c.stasisExit.tryComplete(exit);
        }
        long grace = Math.max(1, options.leakGrace().toMillis());
        vertx.setTimer(grace, id -> checkLeaks(call, grace));
    }

    private void checkLeaks(SimulatedCall call, long graceMs) {
        for (SimChannel ext : call.mediaHistory) {
            if (ext.alive) {
                protocolError(call, "leak: externalMedia channel " + ext.id + " (" + ext.uuid + ") still up "
                        + graceMs + " ms after the caller left Stasis");
            }
        }
        for (SimBridge b : call.bridgeHistory) {
            boolean stillUsed = b.channels.stream().anyMatch(ch -> !ch.isExternalMedia() && ch.inStasis);
            if (bridges.containsKey(b.id) && !stillUsed) {
                protocolError(call, "leak: bridge " + b.id + " still exists " + graceMs
                        + " ms after the caller left Stasis");
            }
        }
    }

    private void endStasis(SimChannel c) {
        if (c.inStasis) {
            c.inStasis = false;
            emit(c.app, AriJson.stasisEnd(c));
        }
    }

    void setVar(SimChannel c, String name, String value, boolean announce) {
        if (value == null) {
            c.variables.remove(name);
        } else {
            c.variables.put(name, value);
        }
        if (announce) {
            emit(c.app, AriJson.channelVarset(c, name, value == null ? "" : value));
        }
    }

    private void destroy(SimChannel c) {
        c.alive = false;
        channels.remove(c.id);
    }

    boolean mediaBridged(SimulatedCall call) {
        SimChannel m = call.media;
        SimChannel c = call.channel;
        return m != null && m.alive && m.socket != null && c.alive && c.inStasis
                && m.bridge != null && m.bridge == c.bridge;
    }

    // =====================================================================================================
    // bridges

    void enterBridge(SimBridge b, List<SimChannel> joining) {
        List<SimChannel> added = new ArrayList<>();
        for (SimChannel c : joining) {
            if (c.bridge == b) {
                continue;
            }
            if (c.bridge != null) {
                leaveBridge(c);
            }
            c.bridge = b;
            b.channels.add(c);
            b.apps.add(c.app);
            added.add(c);
            emit(c.app, AriJson.channelEnteredBridge(b, c));
        }
        if (added.isEmpty()) {
            return;
        }
        // BRIDGEPEER in bridge order, then connected line (newest first) as in traces 02 and 03
        if (b.channels.size() >= 2) {
            for (SimChannel c : b.channels) {
                String peers = b.channels.stream().filter(o -> o != c).map(o -> o.name)
                        .collect(Collectors.joining(","));
                setVar(c, "BRIDGEPEER", peers, true);
            }
        }
        if (b.channels.size() == 2) {
            SimChannel older = b.channels.get(0);
            SimChannel newer = b.channels.get(1);
            boolean newerChanged = connect(newer, older);
            boolean olderChanged = connect(older, newer);
            if (newerChanged) {
                emit(newer.app, AriJson.channelConnectedLine(newer));
            }
            if (olderChanged) {
                emit(older.app, AriJson.channelConnectedLine(older));
            }
        }
        attachMedia(b);
    }

    private static boolean connect(SimChannel c, SimChannel peer) {
        boolean changed = !c.connectedName.equals(peer.callerName) || !c.connectedNumber.equals(peer.callerNumber);
        c.connectedName = peer.callerName;
        c.connectedNumber = peer.callerNumber;
        return changed;
    }

    private void attachMedia(SimBridge b) {
        if (b.holding) {
            return;
        }
        for (SimChannel c : b.channels) {
            if (c.isExternalMedia() || c.call == null) {
                continue;
            }
            SimulatedCall call = c.call;
            if (!call.bridgeHistory.contains(b)) {
                call.bridgeHistory.add(b);
            }
            for (SimChannel ext : b.channels) {
                if (ext.isExternalMedia() && ext.alive && ext.socket != null) {
                    ext.call = call;
                    call.droppedBotFrames.addAndGet(ext.framesBeforeBridge);
                    ext.framesBeforeBridge = 0;
                    call.mediaAttached(ext);
                    break;
                }
            }
        }
    }

    void leaveBridge(SimChannel c) {
        SimBridge b = c.bridge;
        if (b == null) {
            return;
        }
        b.channels.remove(c);
        c.bridge = null;
        setVar(c, "BRIDGEPEER", "", true);
        emit(c.app, AriJson.channelLeftBridge(b, c));
    }

    void destroyBridge(SimBridge b) {
        for (SimChannel c : List.copyOf(b.channels)) {
            leaveBridge(c);
        }
        for (SimPlayback p : List.copyOf(b.playbacks)) {
            finishPlayback(p, "done");
        }
        bridges.remove(b.id);
        JsonObject destroyed = AriJson.bridgeDestroyed(b);
        for (String app : b.apps) {
            emit(app, destroyed.copy());
        }
    }

    // =====================================================================================================
    // playbacks

    void startPlayback(SimPlayback p) {
        playbacks.put(p.id, p);
        if (p.channel != null) {
            p.channel.playbacks.add(p);
        } else {
            p.bridge.playbacks.add(p);
        }
        emitPlayback(p, "PlaybackStarted", "playing");
        if (mediaMissing(p.mediaUri)) {
            vertx.setTimer(1, id -> finishPlayback(p, "failed"));
        } else {
            p.timerId = vertx.setTimer(Math.max(1, playbackDuration(p.mediaUri).toMillis()),
                    id -> finishPlayback(p, "done"));
        }
    }

    void finishPlayback(SimPlayback p, String state) {
        if (p.finished) {
            return;
        }
        p.finished = true;
        if (p.timerId >= 0) {
            vertx.cancelTimer(p.timerId);
        }
        playbacks.remove(p.id);
        if (p.channel != null) {
            p.channel.playbacks.remove(p);
        } else {
            p.bridge.playbacks.remove(p);
        }
        emitPlayback(p, "PlaybackFinished", state);
    }

    private void emitPlayback(SimPlayback p, String type, String state) {
        if (p.channel != null) {
            emit(p.app, AriJson.playbackEvent(type, p, state));
        } else {
            for (String app : p.bridge.apps) {
                emit(app, AriJson.playbackEvent(type, p, state));
            }
        }
    }

    private void stopPlaybacks(SimChannel c, String state) {
        for (SimPlayback p : List.copyOf(c.playbacks)) {
            finishPlayback(p, state);
        }
    }

    // =====================================================================================================
    // externalMedia over AudioSocket (Asterisk is the TCP client)

    Future<NetSocket> connectAudioSocket(String host, int port) {
        return netClient.connect(port, host);
    }

    /**
     * Creates the channel after the TCP connect succeeded (Down, not yet in Stasis); returns the 200 body
     * (snapshot before answer). {@link #dialExternalMedia} then plays the dial thread's part.
     */
    record ExternalMedia(SimChannel channel, JsonObject body) {}

    ExternalMedia createExternalMedia(NetSocket socket, String app, String service, String uuid) {
        long now = System.currentTimeMillis();
        SimChannel c = new SimChannel(nextUniqueId(now), "AudioSocket/" + service + "-" + uuid,
                SimChannel.Kind.EXTERNAL_MEDIA, app, now);
        c.state = "Down";
        c.setDialplan("default", "s", 1, "AppDial2", "(Outgoing Line)");
        c.uuid = uuid;
        c.service = service;
        c.socket = socket;
        c.subscribed = true; // originated by ARI into the app: it also hears ChannelDestroyed
        c.variables.put("AUDIOSOCKET_UUID", uuid);
        c.variables.put("AUDIOSOCKET_SERVICE", service);
        JsonObject body = AriJson.channel(c).put("channelvars", new JsonObject()
                .put("AUDIOSOCKET_SERVICE", service).put("AUDIOSOCKET_UUID", uuid));

        c.parser = new AudioSocketFrameParser(f -> gatewayFrame(c, f));
        socket.handler(buf -> {
            if (!c.alive || c.hangingUp) {
                return;
            }
            if (c.partialTimerId >= 0) {
                vertx.cancelTimer(c.partialTimerId);
                c.partialTimerId = -1;
            }
            long arrival = System.nanoTime();
            c.lastArrivalNanos = arrival;
            c.parser.handle(buf);
            if (c.alive && !c.hangingUp && c.parser.hasPartialFrame()) {
                armPartialFrameTimer(c, false);
            }
        });
        socket.closeHandler(v -> {
            if (c.alive && !c.hangingUp) {
                log.debug("gateway closed AudioSocket of {}", c);
                externalMediaGone(c);
            }
        });
        socket.exceptionHandler(e -> log.debug("AudioSocket {} error: {}", c, e.toString()));
        channels.put(c.id, c);
        return new ExternalMedia(c, body);
    }

    /** How the next externalMedia request is ordered against its reply (seeded, on the event loop). */
    MediaStartOrder.Plan nextMediaStartPlan() {
        return mediaStartOrder.next(orderingRandom);
    }

    /** From the next externalMedia request on (a RANDOM order restarts from its seed). */
    public void setMediaStartOrder(MediaStartOrder order) {
        java.util.Objects.requireNonNull(order, "order");
        onLoop(() -> {
            mediaStartOrder = order;
            orderingRandom = new java.util.Random(order.seed());
        });
    }

    public MediaStartOrder mediaStartOrder() {
        return mediaStartOrder;
    }

    /**
     * The dial thread, {@code dialMs} from now: audiosocket_call writes the UUID frame and answers (Dial,
     * ChannelStateChange Up, Dial ANSWER), then, {@code stasisMs} later, Stasis(app,uuid) runs (STASISSTATUS,
     * StasisStart). Until then addChannel with this channel is a 422. Nothing happens if the channel went first.
     */
    void dialExternalMedia(SimChannel c, long dialMs, long stasisMs) {
        Runnable dial = () -> {
            if (!c.alive || c.hangingUp) {
                return;
            }
            c.socket.write(AudioSocketFrame.uuid(java.util.UUID.fromString(c.uuid)).encode());
            String dialstring = c.service + "/" + c.uuid;
            emit(c.app, AriJson.dial(c, "", dialstring));
            c.state = "Up";
            emit(c.app, AriJson.channelStateChange(c));
            emit(c.app, AriJson.dial(c, "ANSWER", dialstring));
            Runnable stasis = () -> {
                if (!c.alive || c.hangingUp) {
                    return;
                }
                c.setDialplan("default", "s", 1, "Stasis", c.app + "," + c.uuid);
                setVar(c, "STASISSTATUS", "", true);
                c.inStasis = true;
                emit(c.app, AriJson.stasisStart(c, List.of(c.uuid)));
            };
            later(stasisMs, stasis);
        };
        later(dialMs, dial);
    }

    private void later(long ms, Runnable r) {
        if (ms <= 0) {
            r.run();
        } else {
            vertx.setTimer(ms, id -> r.run());
        }
    }

    /**
     * res_audiosocket waits 5 ms for the rest of a frame. If our own event loop was stalled (GC, busy test JVM)
     * the timer fires late and the bytes may be sitting unread in the socket: then give them one more period.
     */
    private void armPartialFrameTimer(SimChannel c, boolean secondChance) {
        long ms = Math.max(1, options.partialFrameTimeout().toMillis());
        long armedAt = System.nanoTime();
        c.partialTimerId = vertx.setTimer(ms, id -> {
            c.partialTimerId = -1;
            if (!c.alive || c.hangingUp || !c.parser.hasPartialFrame()) {
                return;
            }
            long lateMs = (System.nanoTime() - armedAt) / 1_000_000 - ms;
            if (!secondChance && lateMs > 20) {
                armPartialFrameTimer(c, true);
                return;
            }
            externalMediaFailed(c, "incomplete AudioSocket frame (" + c.parser.bufferedBytes()
                    + " bytes buffered) for " + ms + " ms: Asterisk logs 'Poll timed out while waiting"
                    + " for data' / 'Failed to read payload from AudioSocket' and hangs up", false);
        });
    }

    private void gatewayFrame(SimChannel c, AudioSocketFrame f) {
        if (!c.alive || c.hangingUp) {
            return;
        }
        switch (f.kind()) {
            case AudioSocketFrame.KIND_AUDIO -> {
                SimulatedCall call = c.call;
                if (call != null && call.media == c && mediaBridged(call)) {
                    call.deliverBotAudio(new BotAudioFrame(c.lastArrivalNanos, f.payload()));
                } else if (call != null) {
                    call.droppedBotFrames.incrementAndGet();
                } else {
                    unattributedBotFrames.incrementAndGet();
                    c.framesBeforeBridge++; // counted against the caller once it is bridged with this channel
                }
            }
            case AudioSocketFrame.KIND_HANGUP -> {
                log.debug("gateway sent HANGUP frame on {}", c);
                c.parser.stop();
                externalMediaGone(c);
            }
            default -> externalMediaFailed(c, String.format("gateway sent AudioSocket frame kind 0x%02x (len %d): "
                    + "Asterisk logs 'Received AudioSocket message other than hangup or audio' and hangs up",
                    f.kind(), f.length()), f.length() > 0); // the unread payload makes the close an RST
        }
    }

    /** {@link SimulatedCall#dropMedia}. */
    void dropMedia(SimulatedCall call) {
        SimChannel m = call.media;
        if (m != null && m.alive && !m.hangingUp) {
            call.log("WARNING AudioSocket " + m.name + ": connection lost (simulated)");
            externalMediaGone(m);
            return;
        }
        DialplanRunner r = call.runner;
        AudioSocketAppSession s = r == null ? null : r.audioSession;
        if (s != null) {
            s.lostByAsterisk("connection lost (simulated)");
        }
    }

    /** Malformed input from the gateway: log, hang up the channel; {@code reset} closes with RST as Asterisk did. */
    private void externalMediaFailed(SimChannel c, String why, boolean reset) {
        c.parser.stop();
        protocolError(c.call, "AudioSocket " + c.id + " (" + c.uuid + "): " + why);
        if (reset) {
            abortiveClose(c.socket);
        }
        externalMediaGone(c);
    }

    /** The AudioSocket side ended (HANGUP frame, close, error): no ChannelHangupRequest in the trace. */
    private void externalMediaGone(SimChannel c) {
        if (c.hangingUp) {
            return;
        }
        c.hangingUp = true;
        closeSocket(c);
        releaseExternalMedia(c);
    }

    /** {@code DELETE /channels/{externalMedia}}: ChannelHangupRequest cause 32 soft, then as above. */
    void hangupExternalMediaByGateway(SimChannel c) {
        if (c.hangingUp) {
            return;
        }
        c.hangingUp = true;
        emit(c.app, AriJson.channelHangupRequest(c, 32, true));
        closeSocket(c);
        releaseExternalMedia(c);
    }

    private void releaseExternalMedia(SimChannel c) {
        stopPlaybacks(c, "failed");
        leaveBridge(c);
        endStasis(c);
        setVar(c, "STASISSTATUS", "SUCCESS", true);
        c.setDialplan("default", "s", 1, "AppDial2", "(Outgoing Line)");
        destroy(c);
        emit(c.app, AriJson.channelDestroyed(c));
    }

    private void closeSocket(SimChannel c) {
        if (c.partialTimerId >= 0) {
            vertx.cancelTimer(c.partialTimerId);
            c.partialTimerId = -1;
        }
        if (c.parser != null) {
            c.parser.stop();
        }
        if (c.socket != null) {
            c.socket.close();
        }
    }

    /** SO_LINGER 0 before close makes the kernel send RST, as Asterisk did with unread bytes pending. */
    static void abortiveClose(NetSocket socket) {
        try {
            if (socket instanceof NetSocketInternal internal) {
                internal.channelHandlerContext().channel().config().setOption(ChannelOption.SO_LINGER, 0);
            }
        } catch (RuntimeException e) {
            log.debug("could not set SO_LINGER 0: {}", e.toString());
        }
    }

    void sendDtmfToExternalMedia(SimChannel c, String digits, long beforeMs, long betweenMs, long durationMs) {
        long at = beforeMs;
        for (char d : digits.toCharArray()) {
            long when = at + durationMs; // the frame is written at the end of the digit
            vertx.setTimer(Math.max(1, when), id -> {
                if (c.alive && c.socket != null) {
                    c.socket.write(AudioSocketFrame.dtmf(d).encode());
                }
            });
            at = when + betweenMs;
        }
    }

    SimulatedCall callOf(String channelId) {
        for (SimulatedCall call : calls) {
            if (call.channel.id.equals(channelId)) {
                return call;
            }
            for (SimChannel m : call.mediaHistory) {
                if (m.id.equals(channelId)) {
                    return call;
                }
            }
        }
        SimChannel c = channels.get(channelId);
        return c == null ? null : c.call;
    }

    SimulatedCall callOfBridge(SimBridge b) {
        for (SimChannel c : b.channels) {
            if (c.call != null) {
                return c.call;
            }
        }
        for (SimulatedCall call : calls) {
            if (call.bridgeHistory.contains(b)) {
                return call;
            }
        }
        return null;
    }

    ServerWebSocket socketOf(String app) {
        return appSockets.get(app);
    }

    Set<String> connectedApps() {
        return appSockets.keySet();
    }
}
