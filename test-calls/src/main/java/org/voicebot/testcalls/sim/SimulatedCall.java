package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One caller on a Local channel that entered {@code Stasis(app,args...)}. Methods may be called from any
 * thread; actions run in order on the simulator's event loop. Bot-audio handlers run on that event loop
 * and must not block.
 */
public final class SimulatedCall {

    private static final String DTMF_DIGITS = "0123456789*#ABCDabcd";

    private final AsteriskSimulator sim;
    final SimChannel channel;
    private final CallOptions options;
    private final Promise<Void> mediaReady = Promise.promise();
    private final Promise<DialplanExit> exited = Promise.promise();
    final List<Handler<BotAudioFrame>> botAudioHandlers = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private final List<String> playedMedia = new CopyOnWriteArrayList<>();
    private final StringBuffer dtmfToCaller = new StringBuffer();
    final AtomicLong droppedCallerFrames = new AtomicLong();
    final AtomicLong droppedBotFrames = new AtomicLong();
    final AtomicLong botFrames = new AtomicLong();

    /** externalMedia channel currently (or last) bridged with the caller. */
    volatile SimChannel media;
    /** every externalMedia channel and bridge this call was ever bridged with (leak checks). */
    final List<SimChannel> mediaHistory = new ArrayList<>();
    final List<SimBridge> bridgeHistory = new ArrayList<>();

    SimulatedCall(AsteriskSimulator sim, SimChannel channel, CallOptions options) {
        this.sim = sim;
        this.channel = channel;
        this.options = options;
    }

    public String channelId() {
        return channel.id;
    }

    public String channelName() {
        return channel.name;
    }

    public CallOptions options() {
        return options;
    }

    /** The UUID the gateway passed as externalMedia {@code data} for the channel bridged with this caller; null before. */
    public String uuidOfMedia() {
        SimChannel m = media;
        return m == null ? null : m.uuid;
    }

    /** The externalMedia channel id bridged with this caller; null before. */
    public String mediaChannelId() {
        SimChannel m = media;
        return m == null ? null : m.id;
    }

    /** Completes once the AudioSocket is connected and caller and externalMedia channel share one mixing bridge. */
    public Future<Void> mediaReady() {
        return mediaReady.future();
    }

    /** True while caller audio would reach the gateway right now. */
    public boolean mediaBridged() {
        return sim.mediaBridged(this);
    }

    /** Caller speaks: one 0x10 frame (normally 320 bytes = 20 ms slin). Dropped unless media is bridged. */
    public void sendAudio(byte[] slin) {
        byte[] copy = slin.clone();
        sim.onLoop(() -> sim.callerAudio(this, copy));
    }

    /** Caller presses a key: ChannelDtmfReceived on ARI and, if bridged, a 0x03 frame on the AudioSocket. */
    public void sendDtmf(char digit) {
        if (DTMF_DIGITS.indexOf(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        sim.onLoop(() -> sim.callerDtmf(this, Character.toUpperCase(digit)));
    }

    /** The caller hangs up (Local ;1 half hangs up: ChannelHangupRequest cause 16, StasisEnd, no ChannelDestroyed). */
    public void hangup() {
        sim.onLoop(() -> sim.callerHangup(this));
    }

    /** Every audio frame the gateway writes on the bridged AudioSocket, stamped on arrival. Runs on the event loop. */
    public void onBotAudio(Handler<BotAudioFrame> handler) {
        botAudioHandlers.add(handler);
    }

    /** Channel variables of the caller channel (set with {@code POST /channels/{id}/variable}, plus STASISSTATUS). */
    public Map<String, String> variables() {
        return Map.copyOf(channel.variables);
    }

    /** Completes when the caller channel leaves Stasis (or never entered it: fail-open). */
    public Future<DialplanExit> exited() {
        return exited.future();
    }

    /** What the gateway did that a real Asterisk would reject, malformed AudioSocket frames, leaks. */
    public List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
    }

    /** Media URIs the gateway played on the caller channel or on a bridge the caller was in. */
    public List<String> playedMedia() {
        return List.copyOf(playedMedia);
    }

    /** Digits the gateway sent to the caller with {@code POST /channels/{caller}/dtmf}. */
    public String dtmfSentToCaller() {
        return dtmfToCaller.toString();
    }

    /** Caller frames dropped because media was not bridged (Asterisk does the same). */
    public long droppedCallerFrames() {
        return droppedCallerFrames.get();
    }

    /** Gateway frames that reached the caller (delivered to {@link #onBotAudio}). */
    public long botFramesDelivered() {
        return botFrames.get();
    }

    /** Gateway frames received while its externalMedia channel was not bridged with the caller. */
    public long droppedBotFrames() {
        return droppedBotFrames.get();
    }

    public boolean inStasis() {
        return channel.inStasis;
    }

    // ---- used by the simulator, on its event loop ----

    void protocolError(String message) {
        protocolErrors.add(message);
    }

    void recordPlayback(String mediaUri) {
        playedMedia.add(mediaUri);
    }

    void recordDtmfToCaller(String digits) {
        dtmfToCaller.append(digits);
    }

    void mediaAttached(SimChannel ext) {
        media = ext;
        if (!mediaHistory.contains(ext)) {
            mediaHistory.add(ext);
        }
        mediaReady.tryComplete();
    }

    void completeExit(DialplanExit exit) {
        if (!exited.future().isComplete()) {
            mediaReady.tryFail(new IllegalStateException("caller left Stasis before media was ready: " + exit.reason()));
            exited.tryComplete(exit);
        }
    }

    boolean hasExited() {
        return exited.future().isComplete();
    }

    @Override
    public String toString() {
        return "SimulatedCall[" + channel + "]";
    }
}
