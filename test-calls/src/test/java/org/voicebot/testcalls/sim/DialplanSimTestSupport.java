package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.voicebot.testcalls.sim.dialplan.Dialplan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fresh simulator per test, with helpers for dialplan calls. */
abstract class DialplanSimTestSupport {

    Vertx vertx;
    AsteriskSimulator sim;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startSimulator() {
        vertx = Vertx.vertx();
        sim = AriTestClient.await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults()
                .withDefaultPlaybackDuration(Duration.ofMillis(50))));
    }

    @AfterEach
    void stopSimulator() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        AriTestClient.await(sim.close());
        AriTestClient.await(vertx.close());
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    void load(String conf) {
        sim.loadDialplan(Dialplan.parse(conf, "t.conf"));
    }

    static String resource(String path) {
        try (java.io.InputStream in = DialplanSimTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no resource " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static <T> T await(Future<T> f, Duration timeout) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete within " + timeout + ": " + e, e);
        }
    }

    static CallEnd awaitEnd(SimulatedCall call) {
        try {
            return await(call.ended(), Duration.ofSeconds(5));
        } catch (AssertionError e) {
            throw new AssertionError("call did not end; log so far: " + String.join("\n", call.asteriskLog()), e);
        }
    }

    /** The application data of every executed line, e.g. {@code NoOp:after AGI: AGISTATUS=SUCCESS}. */
    static List<String> apps(SimulatedCall call) {
        return call.executed().stream().map(l -> {
            int close = l.indexOf("] ");
            String rest = l.substring(close + 2);
            String app = rest.substring(0, rest.indexOf('('));
            int dataStart = rest.indexOf("\", \"") + 4;
            String data = rest.substring(dataStart, rest.lastIndexOf("\") in new stack"));
            return app + ":" + data;
        }).toList();
    }
}
