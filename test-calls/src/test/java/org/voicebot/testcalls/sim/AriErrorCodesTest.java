package org.voicebot.testcalls.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.voicebot.testcalls.sim.AriTestClient.await;

/** Status codes, reasons and bodies from 02-ari-rest-exchanges.jsonl and 02b-ari-websocket-handshakes.json. */
class AriErrorCodesTest {

    Vertx vertx;
    AsteriskSimulator sim;
    AriTestClient ari;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults().withCredentials("voicebot", "voicebot-secret")));
        ari = new AriTestClient(vertx, sim.ariPort(), "voicebot", "voicebot-secret");
    }

    @AfterEach
    void stop() {
        ari.close();
        await(sim.close());
        await(vertx.close());
    }

    static void assertError(HttpResponse<Buffer> r, int status, String reason, String body) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.statusMessage()).isEqualTo(reason);
        assertThat(r.bodyAsString()).isEqualTo(body);
        assertThat(r.getHeader("Content-type")).isEqualTo("application/json");
        assertThat(r.getHeader("Server")).isEqualTo("Asterisk/22.10.1");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache, no-store");
    }

    @Test
    void wrongOrMissingPasswordIs401WithChallenge() {
        AriTestClient wrong = new AriTestClient(vertx, sim.ariPort(), "voicebot", "wrong");
        try {
            HttpResponse<Buffer> r = wrong.get("/ari/asterisk/info");
            assertError(r, 401, "Unauthorized", "{\"message\":\"Authentication required\"}");
            assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"Asterisk REST Interface\"");
            Throwable ws = catchThrowable(() -> await(wrong.connectEvents("?app=voicebot&subscribeAll=false")));
            assertThat(ws.getCause()).isInstanceOf(UpgradeRejectedException.class);
            assertThat(((UpgradeRejectedException) ws.getCause()).getStatus()).isEqualTo(401);
        } finally {
            wrong.close();
        }
        HttpResponse<Buffer> none = await(ari.web.request(HttpMethod.GET, sim.ariPort(), "127.0.0.1", "/ari/asterisk/info").send());
        assertError(none, 401, "Unauthorized", "{\"message\":\"Authentication required\"}");
        assertThat(sim.appConnected("voicebot")).isFalse();
        HttpResponse<Buffer> ok = ari.get("/ari/asterisk/info");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getJsonObject("system").getString("version")).isEqualTo("22.10.1");
    }

    @Test
    void eventsWithoutAppIs400() {
        Throwable t = catchThrowable(() -> await(ari.connectEvents("?subscribeAll=false")));
        assertThat(t.getCause()).isInstanceOf(UpgradeRejectedException.class);
        UpgradeRejectedException rejected = (UpgradeRejectedException) t.getCause();
        assertThat(rejected.getStatus()).isEqualTo(400);
        assertThat(rejected.getBody().toString()).contains("HTTP request is missing param: [app]");
    }

    @Test
    void unknownThings() {
        assertError(ari.post("/ari/channels/no-such-channel-id/answer"), 404, "Not Found", "{\"message\":\"Channel not found\"}");
        assertError(ari.delete("/ari/channels/no-such-channel-id"), 404, "Not Found", "{\"message\":\"Channel not found\"}");
        assertError(ari.post("/ari/channels/no-such-channel-id/continue"), 404, "Not Found", "{\"message\":\"Channel not found\"}");
        assertError(ari.post("/ari/bridges/no-such-bridge/addChannel?channel=x"), 404, "Not found", "{\"message\":\"Bridge not found\"}");
        assertError(ari.get("/ari/no/such/resource"), 404, "Not Found", "{\"message\":\"Resource not found\"}");
        HttpResponse<Buffer> put = ari.rest(HttpMethod.PUT, "/ari/asterisk/info");
        assertError(put, 405, "Method Not Allowed", "{\"message\":\"Invalid method\"}");
        assertThat(put.getHeader("Allow")).isEqualTo("OPTIONS,GET");
        assertError(ari.post("/ari/bridges?type=nonsense"), 500, "Internal Error",
                "{\"message\":\"Unable to create bridge. Possible duplicate bridge id '(null)'\"}");
        assertThat(sim.protocolErrors()).anyMatch(e -> e.contains("no-such-channel-id/answer -> 404"));
    }

    @Test
    void channelErrors() {
        ari.connect("voicebot");
        await(sim.awaitApp("voicebot", Duration.ofSeconds(2)));
        SimulatedCall call = sim.placeCall(new CallOptions("voicebot", "5551234", "Trace Caller", List.of("102", "trace-arg2")));
        String id = ari.nextOf("StasisStart", null).getJsonObject("channel").getString("id");
        assertThat(id).isEqualTo(call.channelId());

        assertError(ari.post("/ari/channels/" + id + "/play"), 500, "Internal Server Error",
                "{\"message\":\"Failed to queue media for playback\"}");
        assertError(ari.post("/ari/channels/" + id + "/variable?value=1"), 400, "Bad Request",
                "{\"message\":\"Variable name is required\"}");
        assertError(ari.get("/ari/channels/" + id + "/variable"), 400, "Bad Request",
                "{\"message\":\"Variable name is required\"}");
        assertError(ari.get("/ari/channels/" + id + "/variable?variable=NOT_SET_ANYWHERE"), 404, "Variable Not Found",
                "{\"message\":\"Provided variable was not found\"}");

        String bridge = ari.post("/ari/bridges?type=mixing").bodyAsJsonObject().getString("id");
        assertError(ari.post("/ari/bridges/" + bridge + "/addChannel?channel=no-such-channel-id"), 400, "Bad Request",
                "{\"message\":\"Channel not found\"}");

        // continue with no target: next priority after Stasis()
        assertThat(ari.post("/ari/channels/" + id + "/continue").statusCode()).isEqualTo(204);
        DialplanExit exit = await(call.exited());
        assertThat(exit.priority()).isEqualTo(3);
        assertThat(exit.context()).isEqualTo("voicebot");

        String notInStasis = "{\"message\":\"Channel not in Stasis application\"}";
        assertError(ari.post("/ari/channels/" + id + "/answer"), 409, "Conflict", notInStasis);
        assertError(ari.post("/ari/channels/" + id + "/play?media=sound:hello-world"), 409, "Conflict", notInStasis);
        assertError(ari.post("/ari/channels/" + id + "/variable?variable=X&value=1"), 409, "Conflict", notInStasis);
        assertError(ari.post("/ari/channels/" + id + "/continue"), 409, "Conflict", notInStasis);
        assertError(ari.post("/ari/channels/" + id + "/dtmf?dtmf=1"), 409, "Conflict", notInStasis);
        assertError(ari.post("/ari/bridges/" + bridge + "/addChannel?channel=" + id), 422, "Unprocessable Entity", notInStasis);
        assertThat(call.protocolErrors()).hasSize(10).anyMatch(e -> e.contains("/answer -> 409"));

        // a channel in the dialplan can still be read and hung up
        assertThat(ari.get("/ari/channels/" + id).statusCode()).isEqualTo(200);
        assertThat(ari.delete("/ari/channels/" + id).statusCode()).isEqualTo(204);
        assertThat(ari.get("/ari/channels/" + id).statusCode()).isEqualTo(404);
        assertThat(ari.delete("/ari/bridges/" + bridge).statusCode()).isEqualTo(204);
        assertThat(sim.liveBridges()).isEmpty();
    }

    @Test
    void externalMediaErrors() throws Exception {
        String base = "/ari/channels/externalMedia?app=voicebot&external_host=127.0.0.1:";
        String uuid = "a1b2c3d4-e5f6-4711-8899-aabbccddeeff";
        String internal = "{\"message\":\"An internal error prevented this request from being handled\"}";

        NetServer listening = vertx.createNetServer().connectHandler(s -> { });
        int port = await(listening.listen(0, "127.0.0.1")).actualPort();
        NetServer closedServer = vertx.createNetServer().connectHandler(s -> { });
        int deadPort = await(closedServer.listen(0, "127.0.0.1")).actualPort();
        await(closedServer.close());

        assertError(ari.post(base + port + "&encapsulation=audiosocket&transport=tcp&format=slin"), 400, "Bad Request",
                "{\"message\":\"data can not be empty\"}");
        assertError(ari.post(base + port + "&encapsulation=audiosocket&transport=udp&format=slin&data=" + uuid), 400,
                "Bad Request", "{\"message\":\"transport must be 'tcp' for audiosocket encapsulation\"}");
        assertError(ari.post(base + deadPort + "&encapsulation=audiosocket&transport=tcp&format=slin&data=" + uuid), 500,
                "Internal Server Error", internal);
        assertError(ari.post(base + port + "&encapsulation=audiosocket&transport=tcp&format=slin&data=not-a-uuid"), 500,
                "Internal Server Error", internal);
        assertError(ari.post("/ari/channels/externalMedia?app=voicebot&external_host=127.0.0.1&encapsulation=audiosocket"
                        + "&transport=tcp&format=slin&data=" + uuid), 400, "Bad Request",
                "{\"message\":\"external_host must be <host>:<port> for all transports other than websocket\"}");
        assertThat(sim.liveExternalMediaChannels()).isEmpty();
        await(listening.close());
        TimeUnit.MILLISECONDS.sleep(1);
    }
}
