package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One caller: either placed straight into {@code Stasis(app,args...)} ({@link AsteriskSimulator#placeCall}) or run
 * through the dialplan ({@link AsteriskSimulator#dial}). Methods may be called from any thread; actions run in
 * order on the simulator's event loop. Bot-audio handlers run on that event loop and must not block.
 */
public final class SimulatedCall {

    private static final String DTMF_DIGITS = "0123456789*#ABCDabcd";

    private final AsteriskSimulator sim;
    final SimChannel channel;
    private final CallOptions options;
    private final DialOptions dialOptions;
    /** Set for calls placed through the dialplan. */
    volatile DialplanRunner runner;
    private final List<String> executed = new CopyOnWriteArrayList<>();
    private final List<String> asteriskLog = new CopyOnWriteArrayList<>();
    private final List<String> agiTranscript = new CopyOnWriteArrayList<>();
    private final List<String> dialplanPlayed = new CopyOnWriteArrayList<>();
    private final Map<String, String> cdr = new ConcurrentHashMap<>();
    private final Promise<CallEnd> ended = Promise.promise();
    private final Promise<DialplanOutcome> outcome = Promise.promise();
    private final Promise<String> agentAnswered = Promise.promise();
    private volatile String queue;
    private volatile String voicemailBox;
    private volatile AgentAnnouncement announcement;
    private volatile boolean withAgent;
    private volatile String audioSocketUuid;
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
        this.dialOptions = null;
    }

    SimulatedCall(AsteriskSimulator sim, SimChannel channel, DialOptions dialOptions) {
        this.sim = sim;
        this.channel = channel;
        this.options = null;
        this.dialOptions = dialOptions;
    }

    public String channelId() {
        return channel.id;
    }

    public String channelName() {
        return channel.name;
    }

    /** How {@link AsteriskSimulator#placeCall} placed this call; null for {@link AsteriskSimulator#dial} calls. */
    public CallOptions options() {
        return options;
    }

    /** How {@link AsteriskSimulator#dial} placed this call; null for {@link AsteriskSimulator#placeCall} calls. */
    public DialOptions dialOptions() {
        return dialOptions;
    }

    /**
     * The UUID the gateway passed as externalMedia {@code data} for the channel bridged with this caller, or the
     * UUID of the AudioSocket() dialplan application; null before.
     */
    public String uuidOfMedia() {
        SimChannel m = media;
        return m == null ? audioSocketUuid : m.uuid;
    }

    /** The externalMedia channel id bridged with this caller; null before. */
    public String mediaChannelId() {
        SimChannel m = media;
        return m == null ? null : m.id;
    }

    /**
     * Completes once the AudioSocket is connected and caller and externalMedia channel share one mixing bridge,
     * or the AudioSocket() dialplan application (also through AGI EXEC) connected.
     */
    public Future<Void> mediaReady() {
        return mediaReady.future();
    }

    /** True while caller audio would reach the gateway right now. */
    public boolean mediaBridged() {
        DialplanRunner r = runner;
        return sim.mediaBridged(this) || (r != null && r.audioSession != null);
    }

    /**
     * Caller speaks: one 0x10 frame (normally 320 bytes = 20 ms slin) to the bridged externalMedia socket or to
     * the AudioSocket() application's server. Dropped unless one of them is connected.
     */
    public void sendAudio(byte[] slin) {
        byte[] copy = slin.clone();
        sim.onLoop(() -> sim.callerAudio(this, copy));
    }

    /**
     * Caller presses a key: in Stasis, ChannelDtmfReceived on ARI and, if bridged, a 0x03 frame on the AudioSocket;
     * in the dialplan, to the running AGI command (WAIT FOR DIGIT, STREAM FILE escape digits) or AudioSocket().
     */
    public void sendDtmf(char digit) {
        if (DTMF_DIGITS.indexOf(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        sim.onLoop(() -> sim.callerDtmf(this, Character.toUpperCase(digit)));
    }

    /**
     * The caller hangs up (Local ;1 half hangs up: ChannelHangupRequest cause 16, StasisEnd, no ChannelDestroyed).
     * In the dialplan the running application hears it (AGI: HANGUP line; AudioSocket: EOF), then {@code h} runs.
     */
    public void hangup() {
        sim.onLoop(() -> sim.callerHangup(this));
    }

    /**
     * The call's audio leg fails on Asterisk's side while the caller stays: over ARI the externalMedia channel
     * hangs up (its AudioSocket closes, ChannelLeftBridge, StasisEnd, ChannelDestroyed); on the AudioSocket()
     * application (FastAGI entry) the application ends with -1. Nothing happens when no leg is up.
     */
    public void dropMedia() {
        sim.onLoop(() -> sim.dropMedia(this));
    }

    /** Every audio frame the gateway writes on the bridged AudioSocket, stamped on arrival. Runs on the event loop. */
    public void onBotAudio(Handler<BotAudioFrame> handler) {
        botAudioHandlers.add(handler);
    }

    /** Channel variables of the caller channel (ARI, dialplan Set(), AGI SET VARIABLE, *STATUS variables). */
    public Map<String, String> variables() {
        return Map.copyOf(channel.variables);
    }

    /**
     * Completes when the caller channel leaves its first Stasis (or never entered it: fail-open). For a dialplan
     * call that ends without ever running Stasis() it fails.
     */
    public Future<DialplanExit> exited() {
        return exited.future();
    }

    // ---- dialplan calls ----

    /** Every application the dialplan ran, as Asterisk logs it: {@code Executing [500@from-phones:2] Stasis("Local/...;2", "voicebot") in new stack}. */
    public List<String> executed() {
        return List.copyOf(executed);
    }

    /** The executed lines plus Asterisk-like warnings and notes (AGI connect failures, AudioSocket errors, Queue). */
    public List<String> asteriskLog() {
        return List.copyOf(asteriskLog);
    }

    /** Every FastAGI line, prefixed {@code A: } (Asterisk to server) or {@code S: } (server to Asterisk), as in trace 05. */
    public List<String> agiTranscript() {
        return List.copyOf(agiTranscript);
    }

    /** Files played by the dialplan: Playback(), AGI STREAM FILE / EXEC Playback / SAY DIGITS ({@code digits/1}). */
    public List<String> dialplanPlayed() {
        return List.copyOf(dialplanPlayed);
    }

    /** {@code Set(CDR(field)=value)} values. */
    public Map<String, String> cdr() {
        return Map.copyOf(cdr);
    }

    /** Completes when the dialplan call has ended and its {@code h} extension ran. */
    public Future<CallEnd> ended() {
        return ended.future();
    }

    /** The end record once the call ended, else null. */
    public CallEnd end() {
        return ended.future().isComplete() ? ended.future().result() : null;
    }

    /** Completes when the call first reaches a Queue, VoiceMail, or ends. */
    public Future<DialplanOutcome> outcome() {
        return outcome.future();
    }

    /** The queue the caller entered, or null. */
    public String queue() {
        return queue;
    }

    /** The voicemail box the caller was sent to, or null. */
    public String voicemailBox() {
        return voicemailBox;
    }

    /** What Queue's announceoverride did when the agent answered; null when none was given or nobody answered. */
    public AgentAnnouncement agentAnnouncement() {
        return announcement;
    }

    /** Completes with the agent channel name when the caller is bridged with a queue agent. */
    public Future<String> agentAnswered() {
        return agentAnswered.future();
    }

    /** True while the caller is bridged with a queue agent. */
    public boolean withAgent() {
        return withAgent;
    }

    /** The agent side of the queue call hangs up; Queue() returns (QUEUESTATUS=CONTINUE with option c, else hang-up). */
    public void agentHangup() {
        sim.onLoop(() -> {
            DialplanRunner r = runner;
            if (r != null && r.queueVisit != null) {
                r.queueVisit.agentHungUp();
            }
        });
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

    /**
     * Gateway frames received while its externalMedia channel was not bridged with the caller, including those
     * written before the channel first joined the caller's bridge.
     */
    public long droppedBotFrames() {
        return droppedBotFrames.get();
    }

    public boolean inStasis() {
        return channel.inStasis;
    }

    // ---- used by the simulator, on its event loop ----

    void executed(String line) {
        executed.add(line);
        asteriskLog.add(line);
    }

    void log(String line) {
        asteriskLog.add(line);
    }

    void agi(String line) {
        agiTranscript.add(line);
    }

    void playedByDialplan(String file) {
        dialplanPlayed.add(file);
    }

    void cdr(String field, String value) {
        cdr.put(field, value);
    }

    void reachedQueue(String name) {
        queue = name;
        outcome.tryComplete(new DialplanOutcome(DialplanOutcome.Kind.QUEUE, name, null));
    }

    void reachedVoicemail(String box) {
        voicemailBox = box;
        outcome.tryComplete(new DialplanOutcome(DialplanOutcome.Kind.VOICEMAIL, box, null));
    }

    void agentAnnouncement(AgentAnnouncement a) {
        announcement = a;
    }

    void withAgent(String agent) {
        withAgent = true;
        agentAnswered.tryComplete(agent);
    }

    void agentLeft() {
        withAgent = false;
    }

    void audioSocketAppConnected(String uuid) {
        audioSocketUuid = uuid;
        mediaReady.tryComplete();
    }

    void deliverBotAudio(BotAudioFrame frame) {
        botFrames.incrementAndGet();
        for (var h : botAudioHandlers) {
            try {
                h.handle(frame);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SimulatedCall.class).warn("bot audio handler failed", e);
            }
        }
    }

    void ended(CallEnd end) {
        outcome.tryComplete(new DialplanOutcome(DialplanOutcome.Kind.ENDED, null, end));
        mediaReady.tryFail(new IllegalStateException("call ended before media was ready: " + end.reason()));
        exited.tryFail(new IllegalStateException("call ended without leaving Stasis: " + end.by() + " " + end.reason()));
        ended.tryComplete(end);
    }

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
