package org.voicebot.testcalls.sim;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The AudioSocket() dialplan application, trace 04 (A-I) and trace 06 (not fail-open). */
class AudioSocketAppTest extends DialplanSimTestSupport {

    static final String CONF = """
            [trace-audiosocket]
            exten => _7XX,1,NoOp(trace-audiosocket app ${EXTEN})
             same => n,Answer()
             same => n,Set(TRACE_UUID=${UUID()})
             same => n,AudioSocket(${TRACE_UUID},${AS_SERVER})
             same => n,NoOp(after AudioSocket: continued in dialplan)
             same => n,Hangup()
            exten => h,1,NoOp(trace-audiosocket h-exten)
            """;

    AudioSocketTestServer audio;

    @BeforeEach
    void server() {
        load(CONF);
        audio = closeLater(new AudioSocketTestServer(vertx));
        sim.setGlobal("AS_SERVER", "127.0.0.1:" + audio.port());
    }

    SimulatedCall dialAndConnect() {
        SimulatedCall call = sim.dial(DialOptions.of("trace-audiosocket", "701"));
        audio.awaitConnection();
        AudioSocketFrame first = audio.nextFrame();
        assertThat(first.kind()).isEqualTo(AudioSocketFrame.KIND_UUID);
        assertThat(first.asUuid().toString()).isEqualTo(call.variables().get("TRACE_UUID"));
        assertThat(audio.rawBytes()).hasSize(19);
        return call;
    }

    @Test
    void uuidFirstThenAudioBothWaysAndServerCloseContinues() {
        SimulatedCall call = dialAndConnect();
        List<BotAudioFrame> heard = new CopyOnWriteArrayList<>();
        call.onBotAudio(heard::add);
        await(call.mediaReady(), Duration.ofSeconds(2));
        assertThat(call.mediaBridged()).isTrue();
        byte[] speech = new byte[320];
        speech[0] = 42;
        call.sendAudio(speech);
        call.sendDtmf('1');
        AudioSocketFrame a = audio.nextFrame();
        assertThat(a.kind()).isEqualTo(AudioSocketFrame.KIND_AUDIO);
        assertThat(a.payload()).isEqualTo(speech);
        assertThat(audio.nextFrame()).isEqualTo(AudioSocketFrame.dtmf('1'));
        byte[] bot = new byte[320];
        bot[5] = 7;
        audio.write(AudioSocketFrame.audio(bot).encode());
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (heard.isEmpty() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(heard).singleElement().satisfies(f -> assertThat(f.pcm()).isEqualTo(bot));
        AriTestClient.await(audio.socket.close());
        CallEnd end = awaitEnd(call);
        assertThat(apps(call)).contains("NoOp:after AudioSocket: continued in dialplan");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
        assertThat(call.botFramesDelivered()).isEqualTo(1);
    }

    @Test
    void serverHangupFrameContinues() {
        SimulatedCall call = dialAndConnect();
        audio.write(AudioSocketFrame.hangup().encode());
        audio.awaitClosed();
        awaitEnd(call);
        assertThat(apps(call)).containsSubsequence("NoOp:after AudioSocket: continued in dialplan", "Hangup:",
                "NoOp:trace-audiosocket h-exten");
    }

    @Test
    void unknownKindHangsUp() {
        SimulatedCall call = dialAndConnect();
        audio.write(Buffer.buffer(new byte[] {0x05, 0x00, 0x01, 0x78}));
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.APPLICATION);
        assertThat(end.app()).isEqualTo("AudioSocket");
        assertThat(apps(call)).doesNotContain("NoOp:after AudioSocket: continued in dialplan").last()
                .isEqualTo("NoOp:trace-audiosocket h-exten");
        assertThat(call.asteriskLog()).contains("ERROR Received AudioSocket message other than hangup or audio, "
                + "refer to protocol specification for valid message types");
    }

    @Test
    void serverDtmfFrameHangsUpToo() {
        SimulatedCall call = dialAndConnect();
        audio.write(AudioSocketFrame.dtmf('5').encode());
        assertThat(awaitEnd(call).by()).isEqualTo(CallEnd.HungUpBy.APPLICATION);
    }

    @Test
    void zeroLengthAudioHangsUp() {
        SimulatedCall call = dialAndConnect();
        audio.write(Buffer.buffer(new byte[] {0x10, 0x00, 0x00}));
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.APPLICATION);
        assertThat(call.asteriskLog()).contains("ERROR Invalid message length received from AudioSocket server. ");
        audio.awaitClosed();
    }

    @Test
    void shortPayloadHangsUp() {
        SimulatedCall call = dialAndConnect();
        Buffer b = Buffer.buffer(new byte[] {0x10, 0x01, 0x40}).appendBytes(new byte[100]);
        audio.write(b);
        assertThat(awaitEnd(call).reason()).contains("incomplete frame");
    }

    @Test
    void twoSecondsWithoutActivityHangsUp() {
        long start = System.nanoTime();
        SimulatedCall call = dialAndConnect();
        CallEnd end = awaitEnd(call);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isGreaterThanOrEqualTo(1900);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.APPLICATION);
        assertThat(call.asteriskLog()).contains("ERROR Reached timeout after 2000 ms of no activity on AudioSocket connection between '"
                + call.channelName() + "' and '127.0.0.1:" + audio.port() + "'");
        audio.awaitClosed();
    }

    @Test
    void callerHangupClosesTheSocket() {
        SimulatedCall call = dialAndConnect();
        call.hangup();
        audio.awaitClosed();
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.CALLER);
        assertThat(apps(call)).last().isEqualTo("NoOp:trace-audiosocket h-exten");
        assertThat(audio.error).isNull();
    }

    @Test
    void nothingListeningHangsUpNotFailOpen() {
        // Port 1: below the ephemeral range. A just-closed ephemeral port can be picked as the connecting
        // socket's own source port, and a TCP self-connect then "succeeds" (seen once in a full run).
        int port = 1;
        sim.setGlobal("AS_SERVER", "127.0.0.1:" + port);
        SimulatedCall call = sim.dial(DialOptions.of("trace-audiosocket", "710"));
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.APPLICATION);
        assertThat(call.asteriskLog()).contains("WARNING Connecting to '127.0.0.1:" + port + "' failed for url '127.0.0.1:"
                + port + "': Connection refused", "ERROR Failed to connect to AudioSocket service");
        assertThat(apps(call)).doesNotContain("NoOp:after AudioSocket: continued in dialplan");
        assertThat(UUID.fromString(call.variables().get("TRACE_UUID"))).isNotNull();
    }
}
