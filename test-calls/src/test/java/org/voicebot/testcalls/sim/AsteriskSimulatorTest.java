package org.voicebot.testcalls.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.testcalls.sim.AriTestClient.await;

/** The trace-01/03 call flow driven by a plain Vert.x client standing in for the gateway. */
class AsteriskSimulatorTest {

    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    static final Pattern CHANNEL_ID = Pattern.compile("\\d{10}\\.\\d+");

    Vertx vertx;
    AsteriskSimulator sim;
    AriTestClient ari;
    final List<AudioSocketTestServer> servers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults().withLeakGrace(Duration.ofSeconds(30))));
        ari = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot");
    }

    @AfterEach
    void stop() {
        ari.close();
        servers.forEach(AudioSocketTestServer::close);
        await(sim.close());
        await(vertx.close());
    }

    AudioSocketTestServer audioServer() {
        AudioSocketTestServer s = new AudioSocketTestServer(vertx);
        servers.add(s);
        return s;
    }

    SimulatedCall connectAndPlace() {
        ari.connect("voicebot");
        await(sim.awaitApp("voicebot", Duration.ofSeconds(2)));
        SimulatedCall call = sim.placeCall(new CallOptions("voicebot", "5551234", "Trace Caller", List.of("100", "trace-arg2")));
        JsonObject start = ari.next();
        assertThat(start.getString("type")).isEqualTo("StasisStart");
        return call;
    }

    String externalMedia(AudioSocketTestServer server, String uuid) {
        HttpResponse<Buffer> r = ari.post("/ari/channels/externalMedia?app=voicebot&external_host=127.0.0.1:" + server.port()
                + "&encapsulation=audiosocket&transport=tcp&format=slin&data=" + uuid);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        String id = r.bodyAsJsonObject().getString("id");
        ari.nextOf("StasisStart", id);
        return id;
    }

    String bridgeWith(String... channelIds) {
        String bridge = ari.post("/ari/bridges?type=mixing&name=voicebot-bridge").bodyAsJsonObject().getString("id");
        for (String ch : channelIds) {
            assertThat(ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + ch).statusCode()).isEqualTo(204);
        }
        return bridge;
    }

    static byte[] tone(int seed) {
        byte[] b = new byte[320];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * seed);
        }
        return b;
    }

    @Test
    void fullCallFollowsTraces01And03() throws Exception {
        ari.connect("voicebot");
        await(sim.awaitApp("voicebot", Duration.ofSeconds(2)));
        SimulatedCall call = sim.placeCall(new CallOptions("voicebot", "5551234", "Trace Caller", List.of("100", "trace-arg2")));

        // StasisStart: shape and key order as in trace 01
        JsonObject start = ari.next();
        String raw = start.getString("_raw");
        assertThat(raw).startsWith("{\"type\":\"StasisStart\",\"timestamp\":\"").contains(",\"args\":[\"100\",\"trace-arg2\"],\"channel\":{\"id\":\"")
                .endsWith(",\"asterisk_id\":\"02:fc:00:00:00:01\",\"application\":\"voicebot\"}");
        assertThat(start.getString("timestamp")).matches(TIMESTAMP);
        JsonObject ch = start.getJsonObject("channel");
        assertThat(ch.getString("id")).isEqualTo(call.channelId()).matches(CHANNEL_ID);
        assertThat(ch.getString("name")).matches("Local/100@voicebot-[0-9a-f]{8};2");
        assertThat(ch.getString("state")).isEqualTo("Ring");
        assertThat(ch.getJsonObject("caller")).isEqualTo(new JsonObject().put("name", "Trace Caller").put("number", "5551234"));
        assertThat(ch.getJsonObject("dialplan").encode()).isEqualTo(
                "{\"context\":\"voicebot\",\"exten\":\"100\",\"priority\":2,\"app_name\":\"Stasis\",\"app_data\":\"voicebot,100,trace-arg2\"}");
        assertThat(ch.fieldNames()).containsExactly("id", "name", "state", "protocol_id", "caller", "connected",
                "accountcode", "dialplan", "creationtime", "language");
        String caller = call.channelId();

        // answer -> ChannelStateChange Up + 204
        HttpResponse<Buffer> answered = ari.post("/ari/channels/" + caller + "/answer");
        assertThat(answered.statusCode()).isEqualTo(204);
        assertThat(answered.getHeader("Server")).isEqualTo("Asterisk/22.10.1");
        JsonObject up = ari.next();
        assertThat(up.getString("type")).isEqualTo("ChannelStateChange");
        assertThat(up.getJsonObject("channel").getString("state")).isEqualTo("Up");

        // externalMedia -> Asterisk connects and sends the UUID frame first
        AudioSocketTestServer audio = audioServer();
        String uuid = UUID.randomUUID().toString();
        HttpResponse<Buffer> em = ari.post("/ari/channels/externalMedia?app=voicebot&external_host=127.0.0.1:" + audio.port()
                + "&encapsulation=audiosocket&transport=tcp&format=slin&data=" + uuid);
        assertThat(em.statusCode()).isEqualTo(200);
        JsonObject emBody = em.bodyAsJsonObject();
        String ext = emBody.getString("id");
        assertThat(emBody.getString("name")).isEqualTo("AudioSocket/127.0.0.1:" + audio.port() + "-" + uuid);
        assertThat(emBody.getString("state")).isEqualTo("Down");
        assertThat(emBody.getJsonObject("dialplan").getString("app_name")).isEqualTo("AppDial2");
        assertThat(em.bodyAsString()).endsWith(",\"language\":\"en\",\"channelvars\":{\"AUDIOSOCKET_SERVICE\":\"127.0.0.1:"
                + audio.port() + "\",\"AUDIOSOCKET_UUID\":\"" + uuid + "\"}}");
        audio.awaitConnection();
        AudioSocketFrame first = audio.nextFrame();
        assertThat(first.kind()).isEqualTo(AudioSocketFrame.KIND_UUID);
        assertThat(first.asUuid()).isEqualTo(UUID.fromString(uuid));
        assertThat(audio.rawBytes()).startsWith(AudioSocketFrame.uuid(UUID.fromString(uuid)).encode().getBytes());
        assertThat(audio.rawBytes()[0]).isEqualTo((byte) 0x01);
        assertThat(audio.rawBytes()[2]).isEqualTo((byte) 0x10);

        List<JsonObject> emEvents = ari.next(5);
        assertThat(emEvents).extracting(AriTestClient::summary).containsExactly(
                "Dial@" + ext, "ChannelStateChange@" + ext, "Dial@" + ext, "ChannelVarset(STASISSTATUS=)@" + ext,
                "StasisStart@" + ext);
        assertThat(emEvents.get(0).getString("dialstatus")).isEmpty();
        assertThat(emEvents.get(0).getString("dialstring")).isEqualTo("127.0.0.1:" + audio.port() + "/" + uuid);
        assertThat(emEvents.get(2).getString("dialstatus")).isEqualTo("ANSWER");
        assertThat(emEvents.get(4).getJsonArray("args").getList()).containsExactly(uuid);
        assertThat(emEvents.get(4).getJsonObject("channel").getJsonObject("dialplan").getString("app_data"))
                .isEqualTo("voicebot," + uuid);

        // bridge + addChannel x2 -> mediaReady
        HttpResponse<Buffer> created = ari.post("/ari/bridges?type=mixing&name=voicebot-bridge");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonObject bridgeJson = created.bodyAsJsonObject();
        assertThat(bridgeJson.fieldNames()).containsExactly("id", "technology", "bridge_type", "bridge_class", "creator",
                "name", "channels", "creationtime", "video_mode");
        assertThat(bridgeJson.getString("name")).isEqualTo("voicebot-bridge");
        String bridge = bridgeJson.getString("id");
        assertThat(sim.liveBridges()).containsExactly(bridge);
        assertThat(call.mediaReady().isComplete()).isFalse();
        assertThat(ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + ext).statusCode()).isEqualTo(204);
        assertThat(ari.nextOf("ChannelEnteredBridge", ext).getJsonObject("bridge").getJsonArray("channels").getList())
                .containsExactly(ext);
        assertThat(ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + caller).statusCode()).isEqualTo(204);
        List<JsonObject> joined = ari.next(5);
        assertThat(joined).extracting(AriTestClient::summary).containsExactly(
                "ChannelEnteredBridge@" + caller,
                "ChannelVarset(BRIDGEPEER=" + ch.getString("name") + ")@" + ext,
                "ChannelVarset(BRIDGEPEER=AudioSocket/127.0.0.1:" + audio.port() + "-" + uuid + ")@" + caller,
                "ChannelConnectedLine@" + caller,
                "ChannelConnectedLine@" + ext);
        await(call.mediaReady());
        assertThat(call.uuidOfMedia()).isEqualTo(uuid);

        // audio caller -> gateway
        byte[] spoken = tone(3);
        call.sendAudio(spoken);
        AudioSocketFrame heard = audio.nextFrame();
        assertThat(heard.kind()).isEqualTo(AudioSocketFrame.KIND_AUDIO);
        assertThat(heard.payload()).isEqualTo(spoken);

        // audio gateway -> caller, also when the gateway's write is split across TCP segments
        List<BotAudioFrame> bot = new CopyOnWriteArrayList<>();
        call.onBotAudio(bot::add);
        byte[] said = tone(5);
        long before = System.nanoTime();
        audio.write(AudioSocketFrame.audio(said).encode());
        Buffer second = AudioSocketFrame.audio(tone(7)).encode();
        audio.socket.write(second.getBuffer(0, 2)); // header split across two writes, back to back
        audio.write(second.getBuffer(2, second.length()));
        waitUntil(() -> bot.size() == 2);
        assertThat(bot.get(0).pcm()).isEqualTo(said);
        assertThat(bot.get(0).nanos()).isGreaterThanOrEqualTo(before);
        assertThat(bot.get(1).pcm()).isEqualTo(tone(7));

        // DTMF caller -> gateway: ARI event and 0x03 frame
        call.sendDtmf('5');
        JsonObject dtmf = ari.nextOf("ChannelDtmfReceived", caller);
        assertThat(dtmf.getString("digit")).isEqualTo("5");
        assertThat(dtmf.getInteger("duration_ms")).isEqualTo(100);
        AudioSocketFrame dtmfFrame = audio.nextFrame();
        assertThat(dtmfFrame).isEqualTo(AudioSocketFrame.dtmf('5'));

        // DTMF gateway -> externalMedia channel arrives on the socket (trace 03 session 1), and to the caller
        assertThat(ari.post("/ari/channels/" + ext + "/dtmf?dtmf=9").statusCode()).isEqualTo(204);
        assertThat(audio.nextFrame()).isEqualTo(AudioSocketFrame.dtmf('9'));
        assertThat(ari.post("/ari/channels/" + caller + "/dtmf?dtmf=12&between=100&duration=120").statusCode()).isEqualTo(204);
        assertThat(call.dtmfSentToCaller()).isEqualTo("12");

        // channel variable
        assertThat(ari.post("/ari/channels/" + caller + "/variable?variable=VOICEBOT_RESULT&value=transfer+to+queue")
                .statusCode()).isEqualTo(204);
        JsonObject varset = ari.nextOf("ChannelVarset", caller);
        assertThat(varset.getString("_raw")).startsWith(
                "{\"variable\":\"VOICEBOT_RESULT\",\"value\":\"transfer to queue\",\"type\":\"ChannelVarset\"");
        assertThat(call.variables()).containsEntry("VOICEBOT_RESULT", "transfer to queue");
        HttpResponse<Buffer> got = ari.get("/ari/channels/" + caller + "/variable?variable=VOICEBOT_RESULT");
        assertThat(got.bodyAsString()).isEqualTo("{\"value\":\"transfer to queue\"}");

        // continue -> StasisEnd, exited() reports the target
        assertThat(ari.post("/ari/channels/" + caller + "/continue?context=queue&extension=400&priority=1").statusCode())
                .isEqualTo(204);
        ari.nextOf("StasisEnd", caller);
        DialplanExit exit = await(call.exited());
        assertThat(exit.reason()).isEqualTo(DialplanExit.Reason.CONTINUED);
        assertThat(exit.context()).isEqualTo("queue");
        assertThat(exit.exten()).isEqualTo("400");
        assertThat(exit.priority()).isEqualTo(1);
        assertThat(exit.variables()).containsEntry("VOICEBOT_RESULT", "transfer to queue").containsEntry("STASISSTATUS", "SUCCESS");
        assertThat(ari.get("/ari/channels/" + caller).statusCode()).isEqualTo(200);

        // caller audio is no longer bridged: dropped, like Asterisk
        call.sendAudio(spoken);
        waitUntil(() -> call.droppedCallerFrames() == 1);

        // DELETE externalMedia -> socket closed, ChannelDestroyed
        assertThat(ari.delete("/ari/channels/" + ext).statusCode()).isEqualTo(204);
        audio.awaitClosed();
        List<JsonObject> hangup = ari.next(6);
        assertThat(hangup).extracting(AriTestClient::summary).containsExactly(
                "ChannelHangupRequest@" + ext, "ChannelVarset(BRIDGEPEER=)@" + ext, "ChannelLeftBridge@" + ext,
                "StasisEnd@" + ext, "ChannelVarset(STASISSTATUS=SUCCESS)@" + ext, "ChannelDestroyed@" + ext);
        assertThat(hangup.get(0).getInteger("cause")).isEqualTo(32);
        assertThat(hangup.get(0).getBoolean("soft")).isTrue();
        assertThat(hangup.get(5).getString("_raw")).contains("\"cause\":16,\"cause_txt\":\"Normal Clearing\"");
        assertThat(hangup.get(5).getJsonObject("channel").getJsonObject("dialplan").getString("app_name")).isEqualTo("AppDial2");
        assertThat(sim.liveExternalMediaChannels()).isEmpty();

        assertThat(ari.delete("/ari/bridges/" + bridge).statusCode()).isEqualTo(204);
        assertThat(ari.next().getString("type")).isEqualTo("BridgeDestroyed");
        assertThat(sim.liveBridges()).isEmpty();
        assertThat(call.protocolErrors()).isEmpty();
        // the caller that continued never got ChannelDestroyed (subscribeAll=false)
        assertThat(ari.drain(Duration.ofMillis(200))).isEmpty();
        assertThat(ari.sawAny(e -> "ChannelDestroyed".equals(e.getString("type")) && caller.equals(AriTestClient.channelIdOf(e))))
                .isFalse();
    }

    @Test
    void callerHangupLeavesAudioSocketOpenUntilDelete() throws Exception {
        SimulatedCall call = connectAndPlace();
        String caller = call.channelId();
        AudioSocketTestServer audio = audioServer();
        String uuid = UUID.randomUUID().toString();
        String ext = externalMedia(audio, uuid);
        String bridge = bridgeWith(caller, ext);
        await(call.mediaReady());
        assertThat(ari.post("/ari/channels/" + caller + "/play?media=sound:demo-congrats").statusCode()).isEqualTo(201);
        ari.nextOf("PlaybackStarted", null);

        call.hangup();
        JsonObject hangupRequest = ari.nextOf("ChannelHangupRequest", caller);
        assertThat(hangupRequest.getString("_raw")).startsWith("{\"cause\":16,\"type\":\"ChannelHangupRequest\"");
        assertThat(hangupRequest.containsKey("soft")).isFalse();
        JsonObject finished = ari.nextOf("PlaybackFinished", null);
        assertThat(finished.getJsonObject("playback").getString("state")).isEqualTo("failed");
        ari.nextOf("StasisEnd", caller);
        DialplanExit exit = await(call.exited());
        assertThat(exit.reason()).isEqualTo(DialplanExit.Reason.CALLER_HANGUP);

        assertThat(ari.drain(Duration.ofMillis(300))).noneMatch(e -> "ChannelDestroyed".equals(e.getString("type")));
        assertThat(ari.sawAny(e -> "ChannelLeftBridge".equals(e.getString("type")) && caller.equals(AriTestClient.channelIdOf(e))))
                .isTrue();
        assertThat(audio.closed).isNotDone();
        assertThat(sim.liveExternalMediaChannels()).containsExactly(ext);
        assertThat(ari.get("/ari/bridges/" + bridge).bodyAsJsonObject().getJsonArray("channels").getList()).containsExactly(ext);
        HttpResponse<Buffer> gone = ari.post("/ari/channels/" + caller + "/answer");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.bodyAsString()).isEqualTo("{\"message\":\"Channel not found\"}");

        assertThat(ari.delete("/ari/channels/" + ext).statusCode()).isEqualTo(204);
        audio.awaitClosed();
        ari.nextOf("ChannelDestroyed", ext);
        assertThat(ari.delete("/ari/bridges/" + bridge).statusCode()).isEqualTo(204);
        assertThat(sim.liveExternalMediaChannels()).isEmpty();
        assertThat(sim.liveBridges()).isEmpty();
    }

    @Test
    void gatewayDeleteOfCallerGivesSoftHangupAndNoChannelDestroyed() {
        SimulatedCall call = connectAndPlace();
        String caller = call.channelId();
        assertThat(ari.delete("/ari/channels/" + caller).statusCode()).isEqualTo(204);
        JsonObject req = ari.nextOf("ChannelHangupRequest", caller);
        assertThat(req.getString("_raw")).startsWith("{\"cause\":32,\"soft\":true,\"type\":\"ChannelHangupRequest\"");
        ari.nextOf("StasisEnd", caller);
        assertThat(await(call.exited()).reason()).isEqualTo(DialplanExit.Reason.HUNG_UP_BY_GATEWAY);
        assertThat(ari.drain(Duration.ofMillis(200))).isEmpty();
        assertThat(ari.delete("/ari/channels/" + caller).statusCode()).isEqualTo(404);
    }

    @Test
    void failOpenWithoutApp() {
        SimulatedCall call = sim.placeCall(new CallOptions("voicebot", "5551234", "Trace Caller", List.of("990")));
        DialplanExit exit = await(call.exited());
        assertThat(exit.continued()).isTrue();
        assertThat(exit.stasisStatus()).isEqualTo("FAILED");
        assertThat(exit.context()).isEqualTo("voicebot");
        assertThat(exit.priority()).isEqualTo(3);
        assertThat(call.protocolErrors()).anyMatch(e -> e.contains("Stasis app 'voicebot' doesn't exist"));
        assertThat(call.mediaReady().failed()).isTrue();
    }

    @Test
    void appWaitTimesOutWithoutWebSocket() {
        assertThat(sim.awaitApp("voicebot", Duration.ofMillis(100)).toCompletionStage().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(2));
    }

    @Test
    void malformedFramesFromGatewayCloseTheAudioSocket() {
        SimulatedCall call = connectAndPlace();
        String caller = call.channelId();
        String bridge = ari.post("/ari/bridges?type=mixing").bodyAsJsonObject().getString("id");
        ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + caller);
        ari.nextOf("ChannelEnteredBridge", caller);

        // session 4: unknown kind, session 6: DTMF frame from the server, session 5: short payload
        List<Buffer> bad = List.of(
                Buffer.buffer(new byte[] {0x05, 0x00, 0x01, 0x78}),
                AudioSocketFrame.dtmf('5').encode(),
                AudioSocketFrame.audio(new byte[320]).encode().getBuffer(0, 103));
        int errorsBefore = 0;
        for (Buffer frame : bad) {
            AudioSocketTestServer audio = audioServer();
            String ext = externalMedia(audio, UUID.randomUUID().toString());
            ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + ext);
            await(call.mediaReady());
            audio.nextFrame(); // UUID
            audio.write(frame);
            audio.awaitClosed();
            // Asterisk left unread bytes behind for unknown kind / DTMF (RST); the short payload was read (FIN)
            boolean reset = audio.error != null && String.valueOf(audio.error.getMessage()).contains("reset");
            assertThat(reset).as("RST for %s", frame).isEqualTo(errorsBefore < 2);
            List<String> events = new ArrayList<>();
            JsonObject e;
            do {
                e = ari.next();
                if (ext.equals(AriTestClient.channelIdOf(e)) && !e.getString("type").equals("ChannelEnteredBridge")
                        && !e.getString("type").equals("ChannelConnectedLine")
                        && !(e.getString("type").equals("ChannelVarset") && !e.getString("value").isEmpty()
                        && "BRIDGEPEER".equals(e.getString("variable")))) {
                    events.add(AriTestClient.summary(e));
                }
            } while (!e.getString("type").equals("ChannelDestroyed"));
            // trace 03 sessions 4-6: no ChannelHangupRequest when the AudioSocket side fails
            assertThat(events).containsExactly("ChannelVarset(BRIDGEPEER=)@" + ext, "ChannelLeftBridge@" + ext,
                    "StasisEnd@" + ext, "ChannelVarset(STASISSTATUS=SUCCESS)@" + ext, "ChannelDestroyed@" + ext);
            assertThat(call.protocolErrors()).hasSize(++errorsBefore);
            assertThat(sim.liveExternalMediaChannels()).doesNotContain(ext);
        }
        assertThat(call.protocolErrors().get(0)).contains("kind 0x05");
        assertThat(call.protocolErrors().get(1)).contains("kind 0x03");
        assertThat(call.protocolErrors().get(2)).contains("incomplete AudioSocket frame");
    }

    @Test
    void gatewayHangupFrameOrCloseEndsTheChannelWithoutProtocolError() {
        SimulatedCall call = connectAndPlace();
        for (boolean useFrame : new boolean[] {true, false}) {
            AudioSocketTestServer audio = audioServer();
            String ext = externalMedia(audio, UUID.randomUUID().toString());
            audio.nextFrame();
            if (useFrame) {
                audio.write(AudioSocketFrame.hangup().encode());
            } else {
                await(audio.socket.close());
            }
            JsonObject destroyed = ari.nextOf("ChannelDestroyed", ext);
            assertThat(destroyed.getString("_raw")).contains("\"cause\":16,\"cause_txt\":\"Normal Clearing\"");
            assertThat(ari.sawAny(e -> "ChannelHangupRequest".equals(e.getString("type")))).isFalse();
            audio.awaitClosed();
            assertThat(sim.liveExternalMediaChannels()).isEmpty();
        }
        assertThat(call.protocolErrors()).isEmpty();
    }

    @Test
    void audioIsNotForwardedBeforeBothAreBridged() {
        SimulatedCall call = connectAndPlace();
        AudioSocketTestServer audio = audioServer();
        String ext = externalMedia(audio, UUID.randomUUID().toString());
        audio.nextFrame();
        call.sendAudio(tone(1));
        String bridge = bridgeWith(ext);
        call.sendAudio(tone(1));
        waitUntil(() -> call.droppedCallerFrames() == 2);
        assertThat(call.mediaReady().isComplete()).isFalse();
        assertThat(ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + call.channelId()).statusCode()).isEqualTo(204);
        await(call.mediaReady());
        call.sendAudio(tone(2));
        assertThat(audio.nextFrame().payload()).isEqualTo(tone(2));
        assertThat(audio.frames).isEmpty();
        // removeChannel unbridges: frames drop again
        assertThat(ari.post("/ari/bridges/" + bridge + "/removeChannel?channel=" + ext).statusCode()).isEqualTo(204);
        call.sendAudio(tone(3));
        waitUntil(() -> call.droppedCallerFrames() == 3);
        assertThat(call.mediaBridged()).isFalse();
    }

    @Test
    void webSocketDropKeepsCallsInStasisAndNewSocketGetsEvents() {
        SimulatedCall call = connectAndPlace();
        String caller = call.channelId();
        await(ari.ws.close());
        waitUntil(() -> !sim.appConnected("voicebot"));
        assertThat(ari.post("/ari/channels/" + caller + "/answer").statusCode()).isEqualTo(204);
        assertThat(call.inStasis()).isTrue();

        AriTestClient second = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot").connect("voicebot");
        try {
            await(sim.awaitApp("voicebot", Duration.ofSeconds(1)));
            call.sendDtmf('7');
            assertThat(second.nextOf("ChannelDtmfReceived", caller).getString("digit")).isEqualTo("7");

            // a third connection replaces the second, which is told so
            AriTestClient third = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot").connect("voicebot");
            try {
                JsonObject replaced = second.next();
                assertThat(replaced.getString("_raw")).startsWith("{\"type\":\"ApplicationReplaced\",\"timestamp\":")
                        .endsWith("\"application\":\"voicebot\",\"asterisk_id\":\"02:fc:00:00:00:01\"}");
                call.hangup();
                third.nextOf("StasisEnd", caller);
                assertThat(second.drain(Duration.ofMillis(200))).isEmpty();
            } finally {
                third.close();
            }
        } finally {
            second.close();
        }
    }

    @Test
    void leakIsReportedWhenMediaOutlivesTheCaller() {
        await(sim.close());
        sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults().withLeakGrace(Duration.ofMillis(200))));
        ari.close();
        ari = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot");
        SimulatedCall call = connectAndPlace();
        AudioSocketTestServer audio = audioServer();
        String ext = externalMedia(audio, UUID.randomUUID().toString());
        String bridge = bridgeWith(call.channelId(), ext);
        await(call.mediaReady());
        call.hangup();
        await(call.exited());
        waitUntil(() -> call.protocolErrors().size() == 2);
        assertThat(call.protocolErrors()).anyMatch(e -> e.startsWith("leak: externalMedia channel " + ext))
                .anyMatch(e -> e.startsWith("leak: bridge " + bridge));
    }

    @Test
    void playbackEventsAndMissingMedia() {
        SimulatedCall call = connectAndPlace();
        String caller = call.channelId();
        sim.defineMedia("sound:hello-world", Duration.ofMillis(100));
        sim.defineMissingMedia("sound:no-such-sound-file");
        HttpResponse<Buffer> play = ari.post("/ari/channels/" + caller + "/play?media=sound:hello-world&playbackId=my-playback-1");
        assertThat(play.statusCode()).isEqualTo(201);
        assertThat(play.getHeader("Location")).isEqualTo("/ari/playbacks/my-playback-1");
        assertThat(play.bodyAsString()).isEqualTo("{\"id\":\"my-playback-1\",\"media_uri\":\"sound:hello-world\",\"target_uri\":\"channel:"
                + caller + "\",\"language\":\"en\",\"state\":\"queued\"}");
        assertThat(ari.next().getJsonObject("playback").getString("state")).isEqualTo("playing");
        assertThat(ari.next().getJsonObject("playback").getString("state")).isEqualTo("done");
        assertThat(ari.post("/ari/channels/" + caller + "/play?media=sound:no-such-sound-file").statusCode()).isEqualTo(201);
        assertThat(ari.next().getJsonObject("playback").getString("state")).isEqualTo("playing");
        assertThat(ari.next().getJsonObject("playback").getString("state")).isEqualTo("failed");
        assertThat(call.playedMedia()).containsExactly("sound:hello-world", "sound:no-such-sound-file");
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void answerSendsStateChangeOnlyOnce() {
        SimulatedCall call = connectAndPlace();
        assertThat(ari.post("/ari/channels/" + call.channelId() + "/answer").statusCode()).isEqualTo(204);
        assertThat(ari.post("/ari/channels/" + call.channelId() + "/answer").statusCode()).isEqualTo(204);
        assertThat(ari.drain(Duration.ofMillis(200))).extracting(e -> e.getString("type")).containsExactly("ChannelStateChange");
    }

    @Test
    void requestsCanUseApiKeyInsteadOfBasicAuth() {
        HttpResponse<Buffer> r = await(ari.web.request(HttpMethod.GET, sim.ariPort(), "127.0.0.1",
                "/ari/asterisk/ping?api_key=voicebot:voicebot").send());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).matches("\\{\"ping\":\"pong\",\"timestamp\":\"[^\"]+\",\"asterisk_id\":\"02:fc:00:00:00:01\"}");
    }
}
