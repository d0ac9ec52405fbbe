package org.voicebot.testcalls.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** ARI JSON shapes, with the field order Asterisk 22.10.1 emits (see the traces). */
final class AriJson {

    static final String ASTERISK_ID = "02:fc:00:00:00:01";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private AriJson() {
    }

    /** {@code 2026-11-29T10:57:52.872+0000}. */
    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String now() {
        return time(System.currentTimeMillis());
    }

    static JsonObject channel(SimChannel c) {
        return new JsonObject()
                .put("id", c.id)
                .put("name", c.name)
                .put("state", c.state)
                .put("protocol_id", "")
                .put("caller", new JsonObject().put("name", c.callerName).put("number", c.callerNumber))
                .put("connected", new JsonObject().put("name", c.connectedName).put("number", c.connectedNumber))
                .put("accountcode", "")
                .put("dialplan", new JsonObject()
                        .put("context", c.context)
                        .put("exten", c.exten)
                        .put("priority", c.priority)
                        .put("app_name", c.appName)
                        .put("app_data", c.appData))
                .put("creationtime", time(c.createdMillis))
                .put("language", "en");
    }

    static JsonObject bridge(SimBridge b) {
        return new JsonObject()
                .put("id", b.id)
                .put("technology", "simple_bridge")
                .put("bridge_type", b.type)
                .put("bridge_class", "stasis")
                .put("creator", "Stasis")
                .put("name", b.name)
                .put("channels", new JsonArray(List.copyOf(b.channelIds())))
                .put("creationtime", time(b.createdMillis))
                .put("video_mode", "talker");
    }

    static JsonObject playback(SimPlayback p, String state) {
        return new JsonObject()
                .put("id", p.id)
                .put("media_uri", p.mediaUri)
                .put("target_uri", p.targetUri)
                .put("language", "en")
                .put("state", state);
    }

    static JsonObject message(String message) {
        return new JsonObject().put("message", message);
    }

    // ---- events: each builder keeps Asterisk's key order, then adds asterisk_id and application ----

    static JsonObject stasisStart(SimChannel c, List<String> args) {
        return new JsonObject().put("type", "StasisStart").put("timestamp", now())
                .put("args", new JsonArray(List.copyOf(args))).put("channel", channel(c));
    }

    static JsonObject stasisEnd(SimChannel c) {
        return typed("StasisEnd").put("channel", channel(c));
    }

    static JsonObject channelStateChange(SimChannel c) {
        return typed("ChannelStateChange").put("channel", channel(c));
    }

    static JsonObject channelConnectedLine(SimChannel c) {
        return typed("ChannelConnectedLine").put("channel", channel(c));
    }

    static JsonObject channelVarset(SimChannel c, String variable, String value) {
        return new JsonObject().put("variable", variable).put("value", value)
                .put("type", "ChannelVarset").put("timestamp", now()).put("channel", channel(c));
    }

    static JsonObject channelDtmfReceived(SimChannel c, char digit, int durationMs) {
        return typed("ChannelDtmfReceived").put("digit", String.valueOf(digit)).put("duration_ms", durationMs)
                .put("channel", channel(c));
    }

    /** cause 16 for a caller hangup, cause 32 + soft for ARI DELETE. */
    static JsonObject channelHangupRequest(SimChannel c, Integer cause, boolean soft) {
        JsonObject o = new JsonObject();
        if (cause != null) {
            o.put("cause", cause);
        }
        if (soft) {
            o.put("soft", true);
        }
        return o.put("type", "ChannelHangupRequest").put("timestamp", now()).put("channel", channel(c));
    }

    static JsonObject channelDestroyed(SimChannel c) {
        return typed("ChannelDestroyed").put("cause", 16).put("cause_txt", "Normal Clearing").put("channel", channel(c));
    }

    static JsonObject dial(SimChannel peer, String dialstatus, String dialstring) {
        return typed("Dial").put("dialstatus", dialstatus).put("forward", "").put("dialstring", dialstring)
                .put("peer", channel(peer));
    }

    static JsonObject channelEnteredBridge(SimBridge b, SimChannel c) {
        return typed("ChannelEnteredBridge").put("bridge", bridge(b)).put("channel", channel(c));
    }

    static JsonObject channelLeftBridge(SimBridge b, SimChannel c) {
        return typed("ChannelLeftBridge").put("bridge", bridge(b)).put("channel", channel(c));
    }

    static JsonObject bridgeDestroyed(SimBridge b) {
        return typed("BridgeDestroyed").put("bridge", bridge(b));
    }

    static JsonObject playbackEvent(String type, SimPlayback p, String state) {
        return typed(type).put("playback", playback(p, state));
    }

    static JsonObject applicationReplaced(String app) {
        return typed("ApplicationReplaced").put("application", app).put("asterisk_id", ASTERISK_ID);
    }

    private static JsonObject typed(String type) {
        return new JsonObject().put("type", type).put("timestamp", now());
    }
}
