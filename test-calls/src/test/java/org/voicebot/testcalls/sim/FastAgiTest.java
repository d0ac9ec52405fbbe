package org.voicebot.testcalls.sim;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.voicebot.testcalls.sim.dialplan.Dialplan;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Asterisk's side of FastAGI against a raw NetServer playing the trace-05 scripts. */
class FastAgiTest extends DialplanSimTestSupport {

    AgiTestServer agi;

    /** The trace dialplan with the AGI port moved to our ephemeral server. */
    void loadTraceDialplan(int port) {
        String text = resource("/dialplans/trace-extensions.conf").replace("127.0.0.1:4573", "127.0.0.1:" + port);
        sim.loadDialplan(Dialplan.parse(text, "extensions.conf"));
    }

    AgiTestServer server() {
        agi = closeLater(new AgiTestServer(vertx));
        loadTraceDialplan(agi.port());
        return agi;
    }

    @Test
    void headerBlockAndCommandRepliesAsTrace05() {
        server();
        sim.defineMedia("sound:hello-world", Duration.ofMillis(100));
        SimulatedCall call = sim.dial(DialOptions.of("trace-agi", "250"));
        List<String> h = agi.headers();
        String chan = call.channelName();
        assertThat(chan).matches("Local/250@trace-agi-[0-9a-f]{8};2");
        assertThat(h.stream().map(l -> l.substring(0, l.indexOf(':'))).toList()).containsExactly(
                "agi_network", "agi_network_script", "agi_request", "agi_channel", "agi_language", "agi_type",
                "agi_uniqueid", "agi_version", "agi_callerid", "agi_calleridname", "agi_callingpres", "agi_callingani2",
                "agi_callington", "agi_callingtns", "agi_dnid", "agi_rdnis", "agi_context", "agi_extension",
                "agi_priority", "agi_enhanced", "agi_accountcode", "agi_threadid", "agi_arg_1", "agi_arg_2");
        String url = "agi://127.0.0.1:" + agi.port() + "/voicebot?exten=250";
        assertThat(h.subList(0, 21)).containsExactly("agi_network: yes", "agi_network_script: voicebot?exten=250",
                "agi_request: " + url, "agi_channel: " + chan, "agi_language: en", "agi_type: Local",
                "agi_uniqueid: " + call.channelId(), "agi_version: 22.10.1", "agi_callerid: 5551234",
                "agi_calleridname: Trace Caller", "agi_callingpres: 0", "agi_callingani2: 0", "agi_callington: 0",
                "agi_callingtns: 0", "agi_dnid: unknown", "agi_rdnis: unknown", "agi_context: trace-agi",
                "agi_extension: 250", "agi_priority: 3", "agi_enhanced: 0.0", "agi_accountcode: ");
        assertThat(h.get(21)).matches("agi_threadid: \\d+");
        assertThat(h.subList(22, 24)).containsExactly("agi_arg_1: first-arg", "agi_arg_2: second arg");

        assertThat(agi.command("ANSWER")).isEqualTo("200 result=0");
        assertThat(agi.command("GET VARIABLE CHANNEL")).isEqualTo("200 result=1 (" + chan + ")");
        assertThat(agi.command("GET VARIABLE DOES_NOT_EXIST")).isEqualTo("200 result=0");
        assertThat(agi.command("SET VARIABLE VOICEBOT_RESULT \"hello world\"")).isEqualTo("200 result=1");
        assertThat(agi.command("GET VARIABLE VOICEBOT_RESULT")).isEqualTo("200 result=1 (hello world)");
        assertThat(agi.command("GET FULL VARIABLE \"${CALLERID(num)}-${EXTEN}\"")).isEqualTo("200 result=1 (5551234-250)");
        assertThat(agi.command("VERBOSE \"voicebot says hi\" 1")).isEqualTo("200 result=1");
        assertThat(agi.command("STREAM FILE hello-world \"\"")).isEqualTo("200 result=0 endpos=800");
        assertThat(agi.command("EXEC Playback hello-world")).isEqualTo("200 result=0");
        assertThat(agi.command("EXEC NoSuchApplication foo")).isEqualTo("200 result=-2");
        assertThat(agi.command("FOOBAR baz")).isEqualTo("510 Invalid or unknown command");
        assertThat(agi.command("STREAM FILE")).isEqualTo("520 Invalid command syntax.  Proper usage not available.");
        assertThat(agi.command("GET VARIABLE")).isEqualTo("520 Invalid command syntax.  Proper usage not available.");
        assertThat(agi.command("SAY DIGITS 12 \"\"")).isEqualTo("200 result=0");
        vertx.setTimer(100, id -> call.sendDtmf('7'));
        assertThat(agi.command("WAIT FOR DIGIT 10000")).isEqualTo("200 result=55");

        call.hangup();
        assertThat(agi.nextLine()).isEqualTo("HANGUP");
        assertThat(agi.command("GET VARIABLE CHANNEL")).isEqualTo("200 result=1 (" + chan + ")");
        assertThat(agi.command("STREAM FILE hello-world \"\""))
                .isEqualTo("511 Command Not Permitted on a dead channel or intercept routine");
        assertThat(agi.command("HANGUP")).isEqualTo("511 Command Not Permitted on a dead channel or intercept routine");
        agi.closeConnection();

        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.CALLER);
        assertThat(end.app()).isEqualTo("AGI");
        assertThat(apps(call)).last().isEqualTo("NoOp:trace-agi h-exten: AGISTATUS=HANGUP");
        assertThat(apps(call)).noneMatch(a -> a.startsWith("NoOp:after AGI"));
        assertThat(call.asteriskLog()).contains(
                "agi://127.0.0.1:" + agi.port() + "/voicebot?exten=250,first-arg,second arg: voicebot says hi",
                "<" + chan + ">AGI Script " + url + " completed, returning 4",
                "Spawn extension (trace-agi, 250, 3) exited non-zero on '" + chan + "'");
        assertThat(call.dialplanPlayed()).containsExactly("hello-world", "hello-world", "digits/1", "digits/2");
        assertThat(call.variables()).containsEntry("VOICEBOT_RESULT", "hello world");
        assertThat(call.agiTranscript()).contains("S: ANSWER", "A: 200 result=0", "A: HANGUP");
    }

    @Test
    void serverCloseWhileUpGivesSuccessAndTheDialplanContinues() {
        server();
        SimulatedCall call = sim.dial(DialOptions.of("trace-agi", "251"));
        agi.headers();
        assertThat(agi.command("ANSWER")).isEqualTo("200 result=0");
        assertThat(agi.command("STREAM FILE hello-world \"\"")).isEqualTo("200 result=0 endpos=400");
        agi.closeConnection();
        CallEnd end = await(call.ended(), Duration.ofSeconds(5));
        assertThat(apps(call)).containsSubsequence("AGI:agi://127.0.0.1:" + agi.port() + "/voicebot?exten=251,first-arg,second arg",
                "NoOp:after AGI: AGISTATUS=SUCCESS", "Set:TRACE_AFTER_AGI=reached", "Wait:1", "Hangup:",
                "NoOp:trace-agi h-exten: AGISTATUS=SUCCESS");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
        assertThat(call.variables()).containsEntry("TRACE_AFTER_AGI", "reached");
    }

    @Test
    void callerHangupDuringStreamFileRepliesThenHangupLine() {
        server();
        sim.defineMedia("sound:demo-congrats", Duration.ofSeconds(10));
        SimulatedCall call = sim.dial(DialOptions.of("trace-agi", "252"));
        agi.headers();
        vertx.setTimer(250, id -> call.hangup());
        String reply = agi.command("STREAM FILE demo-congrats \"\"");
        assertThat(reply).matches("200 result=-1 endpos=\\d+");
        assertThat(Long.parseLong(reply.substring(reply.indexOf('=', 12) + 1))).isBetween(1000L, 70_000L);
        assertThat(agi.nextLine()).isEqualTo("HANGUP");
        assertThat(agi.command("GET VARIABLE CHANNEL")).isEqualTo("200 result=1 (" + call.channelName() + ")");
        agi.closeConnection();
        awaitEnd(call);
        assertThat(call.variables()).containsEntry("AGISTATUS", "HANGUP");
    }

    @Test
    void nothingListeningFailsOpen() {
        AgiTestServer gone = new AgiTestServer(vertx);
        int port = gone.port();
        gone.close();
        loadTraceDialplan(port);
        SimulatedCall call = sim.dial(DialOptions.of("trace-agi", "260"));
        CallEnd end = await(call.ended(), Duration.ofSeconds(5));
        String url = "agi://127.0.0.1:" + port + "/voicebot?exten=260";
        assertThat(call.asteriskLog()).contains(
                "WARNING Connecting to '127.0.0.1:" + port + "' failed for url '" + url + "': Connection refused",
                "WARNING Couldn't connect to any host.  FastAGI failed.");
        assertThat(apps(call)).contains("NoOp:after AGI: AGISTATUS=FAILURE", "Set:TRACE_AFTER_AGI=reached",
                "NoOp:trace-agi h-exten: AGISTATUS=FAILURE");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
    }

    @Test
    void pjsipCallerHeadersAndAgiHangupCommand() {
        server();
        SimulatedCall call = sim.dial(DialOptions.of("from-sip", "200").withCaller("sipp", "sipp").withPjsip("sipp"));
        List<String> h = agi.headers();
        assertThat(call.channelName()).matches("PJSIP/sipp-[0-9a-f]{8}");
        assertThat(h).contains("agi_channel: " + call.channelName(), "agi_type: PJSIP", "agi_callerid: sipp",
                "agi_calleridname: sipp", "agi_dnid: 200", "agi_context: agi", "agi_extension: 200", "agi_priority: 3",
                "agi_network_script: voicebot?exten=200");
        assertThat(h).noneMatch(l -> l.startsWith("agi_arg_"));
        assertThat(agi.command("HANGUP")).isEqualTo("200 result=1");
        assertThat(agi.nextLine()).isEqualTo("HANGUP");
        agi.closeConnection();
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.GATEWAY);
        assertThat(apps(call).get(0)).isEqualTo("Goto:agi,200,1");
    }

    @Test
    void execAudioSocketReturnsZeroOnServerHangupFrameAndMinusOneOnCallerHangup() {
        server();
        AudioSocketTestServer audio = closeLater(new AudioSocketTestServer(vertx));
        SimulatedCall call = sim.dial(DialOptions.of("trace-agi", "253"));
        agi.headers();
        String uuid = UUID.randomUUID().toString();
        agi.socket.write(Buffer.buffer("EXEC AudioSocket " + uuid + ",127.0.0.1:" + audio.port() + "\n"));
        audio.awaitConnection();
        assertThat(audio.nextFrame().asUuid()).isEqualTo(UUID.fromString(uuid));
        await(call.mediaReady(), Duration.ofSeconds(2));
        assertThat(call.uuidOfMedia()).isEqualTo(uuid);
        audio.write(AudioSocketFrame.hangup().encode());
        assertThat(agi.nextLine()).isEqualTo("200 result=0");
        audio.awaitClosed();

        AudioSocketTestServer audio2 = closeLater(new AudioSocketTestServer(vertx));
        agi.socket.write(Buffer.buffer("EXEC AudioSocket " + uuid + ",127.0.0.1:" + audio2.port() + "\n"));
        audio2.awaitConnection();
        audio2.nextFrame();
        call.hangup();
        assertThat(agi.nextLine()).isEqualTo("200 result=-1");
        assertThat(agi.nextLine()).isEqualTo("HANGUP");
        audio2.awaitClosed();
        agi.closeConnection();
        assertThat(awaitEnd(call).by()).isEqualTo(CallEnd.HungUpBy.CALLER);
    }
}
