package org.voicebot.testcalls.sim;

import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A simulated Asterisk channel. Mutated only on the simulator's event loop. */
final class SimChannel {

    enum Kind { CALLER, EXTERNAL_MEDIA }

    final String id;
    final String name;
    final Kind kind;
    final long createdMillis;
    /** The Stasis application (set when the dialplan runs Stasis()); null before. */
    String app;

    volatile String state;
    String callerName = "";
    String callerNumber = "";
    String connectedName = "";
    String connectedNumber = "";
    /** The number a PJSIP caller dialled (agi_dnid); empty for Local channels. */
    String dnid = "";
    String context;
    String exten;
    int priority;
    String appName;
    String appData;

    /** Channel variables; read from test threads through {@link SimulatedCall#variables()}. */
    final Map<String, String> variables = new ConcurrentHashMap<>();
    volatile boolean inStasis;
    volatile boolean alive = true;
    /** Explicit {@code POST /applications/{app}/subscription}: the app also hears ChannelDestroyed. */
    boolean subscribed;
    SimBridge bridge;
    final List<SimPlayback> playbacks = new ArrayList<>();

    /** The call this channel belongs to (caller) or is bridged with (externalMedia); may be null. */
    SimulatedCall call;

    // externalMedia / AudioSocket only
    String uuid;
    String service;
    NetSocket socket;
    AudioSocketFrameParser parser;
    long partialTimerId = -1;
    long lastArrivalNanos;
    /** Audio frames the gateway wrote before this channel shared a bridge with a caller (nobody heard them). */
    long framesBeforeBridge;
    /** Hang-up of this channel is under way (guards against the socket close handler running it twice). */
    boolean hangingUp;

    /** Completed when the channel leaves the Stasis() the dialplan runner is waiting for. */
    io.vertx.core.Promise<DialplanExit> stasisExit;

    SimChannel(String id, String name, Kind kind, String app, long createdMillis) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.app = app;
        this.createdMillis = createdMillis;
    }

    boolean isExternalMedia() {
        return kind == Kind.EXTERNAL_MEDIA;
    }

    void setDialplan(String context, String exten, int priority, String appName, String appData) {
        this.context = context;
        this.exten = exten;
        this.priority = priority;
        this.appName = appName;
        this.appData = appData;
    }

    @Override
    public String toString() {
        return id + "(" + name + ")";
    }
}
