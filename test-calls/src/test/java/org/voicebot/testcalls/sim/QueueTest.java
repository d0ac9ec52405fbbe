package org.voicebot.testcalls.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue() against simulated queues: announceoverride fetched over HTTP (trace 07), issue 444, timeout, option c. */
class QueueTest extends DialplanSimTestSupport {

    static final String CONF = """
            [handoff]
            exten => 401,1,Answer()
             same => n,Queue(agents,,,${ANNOUNCE},30)
             same => n,NoOp(after Queue QUEUESTATUS=${QUEUESTATUS})
             same => n,Hangup()
            exten => 402,1,Answer()
             same => n,Queue(agents,c,,${ANNOUNCE},30)
             same => n,NoOp(after Queue QUEUESTATUS=${QUEUESTATUS})
             same => n,Hangup()
            exten => 403,1,Queue(${IF($[${QUEUE_EXISTS(nobody)} = 1]?nobody:agents)},,,,1)
             same => n,NoOp(after Queue QUEUESTATUS=${QUEUESTATUS})
            exten => 404,1,VoiceMail(1234@default)
            """;

    HttpServer http;
    final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void announceServer() {
        load(CONF);
        http = vertx.createHttpServer().requestHandler(req -> {
            requests.add(req);
            req.response().putHeader("Content-Type", "audio/x-wav").end(Buffer.buffer(new byte[1000]));
        });
        AriTestClient.await(http.listen(0, "::1"));
        closeLater(() -> AriTestClient.await(http.close()));
    }

    String url(String path) {
        return "http://[::1]:" + http.actualPort() + path;
    }

    @Test
    void agentAnswersHearsTheFetchedAnnouncementThenHangsUp() {
        sim.defineQueue("agents", QueueBehaviour.agentAnswersAfter(Duration.ofMillis(50)));
        String url = url("/agent-announce.wav");
        sim.setGlobal("ANNOUNCE", url);
        SimulatedCall call = sim.dial(DialOptions.of("handoff", "401"));
        DialplanOutcome outcome = await(call.outcome(), Duration.ofSeconds(2));
        assertThat(outcome.kind()).isEqualTo(DialplanOutcome.Kind.QUEUE);
        assertThat(outcome.detail()).isEqualTo("agents");
        String agent = await(call.agentAnswered(), Duration.ofSeconds(3));
        assertThat(agent).matches("Local/1001@agent-[0-9a-f]{8};1");
        assertThat(call.withAgent()).isTrue();
        AgentAnnouncement a = call.agentAnnouncement();
        assertThat(a.url()).isEqualTo(url);
        assertThat(a.played()).isTrue();
        assertThat(a.fetches()).hasSize(2).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(200);
            assertThat(f.contentType()).isEqualTo("audio/x-wav");
            assertThat(f.bytes()).isEqualTo(1000);
        });
        assertThat(requests).hasSize(2).allSatisfy(r -> {
            assertThat(r.method().name()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/agent-announce.wav");
            assertThat(r.getHeader("User-Agent")).isEqualTo("asterisk-libcurl-agent/1.0");
            assertThat(r.getHeader("Accept")).isEqualTo("*/*");
        });
        assertThat(call.ended().isComplete()).isFalse();
        call.agentHangup();
        CallEnd end = awaitEnd(call);
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.AGENT);
        assertThat(end.app()).isEqualTo("Queue");
        assertThat(call.withAgent()).isFalse();
        assertThat(apps(call)).noneMatch(s -> s.startsWith("NoOp:after Queue"));
        assertThat(call.variables()).doesNotContainKey("QUEUESTATUS");
    }

    @Test
    void optionCContinuesAfterTheAgentHangsUp() {
        sim.defineQueue("agents", QueueBehaviour.agentAnswersAfter(Duration.ofMillis(10)).withTalkTime(Duration.ofMillis(50)));
        sim.setGlobal("ANNOUNCE", "");
        SimulatedCall call = sim.dial(DialOptions.of("handoff", "402"));
        awaitEnd(call);
        assertThat(apps(call)).contains("NoOp:after Queue QUEUESTATUS=CONTINUE");
        assertThat(call.agentAnnouncement()).isNull();
        assertThat(requests).isEmpty();
    }

    @Test
    void urlShorterThan22CharactersIsFetchedButNotPlayed() {
        sim.defineQueue("agents", QueueBehaviour.agentAnswersAfter(Duration.ofMillis(10)));
        String url = url("/a");
        assertThat(url).hasSizeLessThan(22);
        sim.setGlobal("ANNOUNCE", url);
        SimulatedCall call = sim.dial(DialOptions.of("handoff", "401"));
        await(call.agentAnswered(), Duration.ofSeconds(3));
        AgentAnnouncement a = call.agentAnnouncement();
        assertThat(a.played()).isFalse();
        assertThat(a.failure()).contains("issue 444");
        assertThat(a.fetches()).hasSize(2).allMatch(f -> f.status() == 200);
        call.hangup();
        assertThat(awaitEnd(call).by()).isEqualTo(CallEnd.HungUpBy.CALLER);
    }

    @Test
    void unreachableAnnouncementIsRecordedAndTheAgentStillAnswers() {
        sim.defineQueue("agents", QueueBehaviour.agentAnswersAfter(Duration.ofMillis(10)));
        sim.setGlobal("ANNOUNCE", "http://127.0.0.1:1/summary-for-the-agent.wav");
        SimulatedCall call = sim.dial(DialOptions.of("handoff", "401"));
        await(call.agentAnswered(), Duration.ofSeconds(5));
        AgentAnnouncement a = call.agentAnnouncement();
        assertThat(a.played()).isFalse();
        assertThat(a.fetches()).singleElement().satisfies(f -> assertThat(f.status()).isZero());
        call.hangup();
        awaitEnd(call);
    }

    @Test
    void nobodyAnswersWithinTheTimeout() {
        sim.defineQueue("agents", QueueBehaviour.nobodyAnswers());
        SimulatedCall call = sim.dial(DialOptions.of("handoff", "403"));
        assertThat(await(call.outcome(), Duration.ofSeconds(2)).kind()).isEqualTo(DialplanOutcome.Kind.QUEUE);
        CallEnd end = await(call.ended(), Duration.ofSeconds(5));
        assertThat(apps(call)).containsExactly("Queue:agents,,,,1", "NoOp:after Queue QUEUESTATUS=TIMEOUT");
        assertThat(end.by()).isEqualTo(CallEnd.HungUpBy.DIALPLAN);
    }

    @Test
    void voicemailIsRecordedUntilTheCallerHangsUp() {
        SimulatedCall call = sim.dial(DialOptions.of("handoff", "404"));
        DialplanOutcome o = await(call.outcome(), Duration.ofSeconds(2));
        assertThat(o.kind()).isEqualTo(DialplanOutcome.Kind.VOICEMAIL);
        assertThat(call.voicemailBox()).isEqualTo("1234@default");
        call.hangup();
        assertThat(awaitEnd(call).by()).isEqualTo(CallEnd.HungUpBy.CALLER);
    }
}
