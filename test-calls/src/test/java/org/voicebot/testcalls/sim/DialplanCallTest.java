package org.voicebot.testcalls.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls placed through the dialplan: executed lines, GotoIf, h, errors, Stasis fail-open and continue, ARI variables. */
class DialplanCallTest extends DialplanSimTestSupport {

    static final String PHONES = """
            [globals]
            GREETING=hello-world
            [from-phones]
            exten => 500,1,NoOp(Caller ${CALLERID(num)} ${CALLERID(name)} on ${CHANNEL})
             same => n,Set(CDR(userfield)=bot)
             same => n,Set(OUTCOME=resolved)
             same => n,GotoIf($["${OUTCOME}" = "resolved"]?done)
             same => n,NoOp(not reached)
             same => n(done),Playback(${GREETING})
             same => n,NoOp(PLAYBACKSTATUS=${PLAYBACKSTATUS} LEN=${LEN(${OUTCOME})})
             same => n,Hangup()
            exten => 501,1,Goto(other,s,start)
            exten => 502,1,NoOp()
             same => n,MixMonitor(/tmp/x.wav)
             same => n,NoOp(not reached)
            exten => h,1,NoOp(h: ${OUTCOME})
             same => n,Set(H_RAN=yes)
            [other]
            exten => s,1,NoOp(never)
             same => n(start),NoOp(at label in ${CONTEXT})
            """;

    @Test
    void runsTheDialplanAndTheHExtension() {
        load(PHONES);
        SimulatedCall call = sim.dial(DialOptions.of("from-phones", "500"));
        CallEnd end = awaitEnd(call);
        String chan = call.channelName();
        assertThat(chan).matches("Local/500@from-phones-[0-9a-f]{8};2");
        assertThat(call.executed().get(0)).isEqualTo("Executing [500@from-phones:1] NoOp(\"" + chan
                + "\", \"Caller 5551234 Trace Caller on " + chan + "\") in new stack");
        assertThat(apps(call)).containsExactly(
                "NoOp:Caller 5551234 Trace Caller on " + chan,
                "Set:CDR(userfield)=bot",
                "Set:OUTCOME=resolved",
                "GotoIf:1?done",
                "Playback:hello-world",
                "NoOp:PLAYBACKSTATUS=SUCCESS LEN=8",
                "Hangup:",
                "NoOp:h: resolved",
                "Set:H_RAN=yes");
        assertThat(call.executed().get(7)).startsWith("Executing [h@from-phones:1] NoOp(");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
        assertThat(end.where()).isEqualTo("500@from-phones:8");
        assertThat(end.app()).isEqualTo("Hangup");
        assertThat(end.variables()).containsEntry("H_RAN", "yes").containsEntry("OUTCOME", "resolved");
        assertThat(call.cdr()).containsEntry("userfield", "bot");
        assertThat(call.dialplanPlayed()).containsExactly("hello-world");
        assertThat(call.asteriskLog()).contains(String.format(
                "Spawn extension (from-phones, 500, 8) exited non-zero on '%s'", chan));
        assertThat(await(call.outcome(), Duration.ofSeconds(1)).kind()).isEqualTo(DialplanOutcome.Kind.ENDED);
        assertThat(call.protocolErrors()).isEmpty();
        assertThat(sim.liveExternalMediaChannels()).isEmpty();
    }

    @Test
    void gotoALabelInAnotherContextThenFallsOffTheEnd() {
        load(PHONES);
        SimulatedCall call = sim.dial(DialOptions.of("from-phones", "501"));
        CallEnd end = awaitEnd(call);
        assertThat(apps(call)).containsExactly("Goto:other,s,start", "NoOp:at label in other");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
        assertThat(end.where()).isEqualTo("s@other:3");
        assertThat(call.protocolErrors()).isEmpty();
    }

    @Test
    void anApplicationNotSimulatedIsAProtocolErrorAndHangsUp() {
        load(PHONES);
        SimulatedCall call = sim.dial(DialOptions.of("from-phones", "502"));
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.PROTOCOL_ERROR);
        assertThat(call.protocolErrors()).singleElement().asString()
                .contains("t.conf:14: application MixMonitor() is not simulated");
        assertThat(apps(call)).doesNotContain("NoOp:not reached").contains("NoOp:h: ");
    }

    @Test
    void dialRefusesUnknownPlaces() {
        assertThatThrownBy(() -> sim.dial(DialOptions.of("from-phones", "500"))).isInstanceOf(IllegalStateException.class);
        load(PHONES);
        assertThatThrownBy(() -> sim.dial(DialOptions.of("nope", "500"))).hasMessageContaining("no context [nope]");
        assertThatThrownBy(() -> sim.dial(DialOptions.of("from-phones", "999"))).hasMessageContaining("no extension 999");
    }

    static final String STASIS = """
            [bot]
            exten => _1XX,1,Answer()
             same => n,Stasis(voicebot,${EXTEN},x)
             same => n,NoOp(STASISSTATUS=${STASISSTATUS} BOT_OUTCOME=${BOT_OUTCOME})
             same => n,Queue(nope,,,,5)
             same => n,NoOp(QUEUESTATUS=${QUEUESTATUS})
             same => n,Hangup()
            exten => h,1,NoOp(h)
            """;

    @Test
    void stasisWithoutAppFailsOpen() {
        load(STASIS);
        SimulatedCall call = sim.dial(DialOptions.of("bot", "100"));
        awaitEnd(call);
        assertThat(apps(call)).contains("NoOp:STASISSTATUS=FAILED BOT_OUTCOME=", "NoOp:QUEUESTATUS=UNKNOWN");
        assertThat(call.asteriskLog()).contains("WARNING " + call.channelName() + ": Stasis app 'voicebot' doesn't exist",
                "WARNING Unable to join queue 'nope'");
        assertThat(call.protocolErrors()).isEmpty();
        assertThat(call.exited()).matches(f -> f.failed());
    }

    @Test
    void stasisThenAriContinueResumesTheDialplan() {
        load(STASIS);
        AriTestClient ari = closeLater(new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot")).connect("voicebot");
        await(sim.awaitApp("voicebot", Duration.ofSeconds(2)), Duration.ofSeconds(3));
        SimulatedCall call = sim.dial(DialOptions.of("bot", "101"));
        JsonObject start = ari.nextOf("StasisStart", null);
        assertThat(start.getJsonArray("args").getList()).containsExactly("101", "x");
        JsonObject ch = start.getJsonObject("channel");
        assertThat(ch.getString("id")).isEqualTo(call.channelId());
        assertThat(ch.getString("state")).isEqualTo("Up");
        assertThat(ch.getJsonObject("dialplan").encode()).isEqualTo("{\"context\":\"bot\",\"exten\":\"101\",\"priority\":2,"
                + "\"app_name\":\"Stasis\",\"app_data\":\"voicebot,101,x\"}");
        assertThat(ari.post("/ari/channels/" + call.channelId() + "/variable?variable=BOT_OUTCOME&value=resolved").statusCode())
                .isEqualTo(204);
        assertThat(ari.post("/ari/channels/" + call.channelId() + "/continue").statusCode()).isEqualTo(204);
        CallEnd end = awaitEnd(call);
        assertThat(await(call.exited(), Duration.ofSeconds(1)).continued()).isTrue();
        assertThat(apps(call)).contains("NoOp:STASISSTATUS=SUCCESS BOT_OUTCOME=resolved");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
    }

    @Test
    void callerHangupInStasisRunsH() {
        load(STASIS);
        AriTestClient ari = closeLater(new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot")).connect("voicebot");
        await(sim.awaitApp("voicebot", Duration.ofSeconds(2)), Duration.ofSeconds(3));
        SimulatedCall call = sim.dial(DialOptions.of("bot", "102"));
        ari.nextOf("StasisStart", null);
        call.hangup();
        CallEnd end = awaitEnd(call);
        ari.nextOf("StasisEnd", call.channelId());
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.CALLER);
        assertThat(end.app()).isEqualTo("Stasis");
        assertThat(apps(call)).last().isEqualTo("NoOp:h");
    }

    @Test
    void ariGlobalVariablesButNoFunctions() {
        load(PHONES);
        sim.defineQueue("agents", QueueBehaviour.nobodyAnswers());
        AriTestClient ari = closeLater(new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot"));
        // Asterisk's global-variable resource does not evaluate functions (ast_str_retrieve_variable)
        assertThat(value(ari, "QUEUE_EXISTS(agents)")).isEqualTo("");
        assertThat(value(ari, "QUEUE_EXISTS(nope)")).isEqualTo("");
        assertThat(value(ari, "GREETING")).isEqualTo("hello-world");
        sim.setGlobal("GREETING", "bonjour");
        assertThat(value(ari, "GREETING")).isEqualTo("bonjour");
        assertThat(value(ari, "UNSET_GLOBAL")).isEqualTo("");
        assertThat(ari.get("/ari/asterisk/variable").statusCode()).isEqualTo(400);
    }

    private static String value(AriTestClient ari, String variable) {
        HttpResponse<Buffer> r = ari.get("/ari/asterisk/variable?variable=" + variable);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getString("value");
    }

    @Test
    void eventSocketsDropAndRefuseWhileChannelsStayInStasis() {
        load(STASIS);
        AriTestClient ari = closeLater(new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot")).connect("voicebot");
        await(sim.awaitApp("voicebot", Duration.ofSeconds(2)), Duration.ofSeconds(3));
        SimulatedCall inStasis = sim.dial(DialOptions.of("bot", "103"));
        ari.nextOf("StasisStart", null);

        sim.refuseEventSockets(Duration.ofMillis(800));
        await(sim.dropEventSockets(), Duration.ofSeconds(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!ari.ws.isClosed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ari.ws.isClosed()).isTrue();
        assertThat(sim.appConnected("voicebot")).isFalse();

        // the channel stays in Stasis, REST works; events while disconnected are lost
        assertThat(inStasis.inStasis()).isTrue();
        assertThat(ari.get("/ari/channels/" + inStasis.channelId()).statusCode()).isEqualTo(200);
        inStasis.sendDtmf('5');
        // Stasis() with no app connected fails open
        SimulatedCall failOpen = sim.dial(DialOptions.of("bot", "104"));
        awaitEnd(failOpen);
        assertThat(apps(failOpen)).contains("NoOp:STASISSTATUS=FAILED BOT_OUTCOME=");

        AriTestClient refused = closeLater(new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot"));
        assertThatThrownBy(() -> refused.connect("voicebot")).hasMessageContaining("503");

        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        AriTestClient again = null;
        while (again == null && System.nanoTime() < until) {
            try {
                again = closeLater(new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot")).connect("voicebot");
            } catch (AssertionError e) {
                sleep(100);
            }
        }
        assertThat(again).as("reconnected after the refuse window").isNotNull();
        // events flow again: the old channel is still there, a new Stasis() reaches the app
        assertThat(again.post("/ari/channels/" + inStasis.channelId() + "/answer").statusCode()).isEqualTo(204);
        SimulatedCall after = sim.dial(DialOptions.of("bot", "105"));
        JsonObject start = again.nextOf("StasisStart", after.channelId());
        assertThat(start.getJsonArray("args").getList()).containsExactly("105", "x");
        assertThat(again.seen).noneMatch(e -> "ChannelDtmfReceived".equals(e.getString("type")));
        inStasis.hangup();
        after.hangup();
        awaitEnd(inStasis);
        awaitEnd(after);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> lines(String... l) {
        return List.of(l);
    }
}
