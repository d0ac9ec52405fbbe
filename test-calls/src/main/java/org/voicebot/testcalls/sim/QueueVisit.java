package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.voicebot.testcalls.sim.dialplan.AppArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code Queue(name,options,URL,announceoverride,timeout,AGI,gosub,...)} against a simulated queue (app_queue,
 * trace 07). Unknown queue: QUEUESTATUS=UNKNOWN, returns 0. Timeout: QUEUESTATUS=TIMEOUT, returns 0. An agent
 * answers: announceoverride is fetched like the media cache does and "played" to the agent, then caller and agent
 * are bridged until the agent hangs up: -1 (the caller is hung up) or, with option {@code c}, QUEUESTATUS=CONTINUE, 0.
 */
final class QueueVisit {

    /** Asterisk issue 444: file.c sizes its path buffer from the URL, so URLs under 22 characters never play. */
    static final int MIN_PLAYABLE_URL = 22;

    private final DialplanRunner runner;
    private final AsteriskSimulator sim;
    private final SimulatedCall call;
    private final SimChannel c;
    private final String data;
    private final Promise<Integer> done = Promise.promise();
    private final List<Long> timers = new ArrayList<>();
    private String queue;
    private boolean continueOption;
    private String agentChannel;
    private boolean bridged;

    QueueVisit(DialplanRunner runner, String data) {
        this.runner = runner;
        this.sim = runner.sim;
        this.call = runner.call;
        this.c = runner.c;
        this.data = data;
    }

    Future<Integer> run(Consumer<Runnable> onHangup) {
        List<String> a = AppArgs.split(data);
        queue = AppArgs.arg(a, 0).trim();
        String options = AppArgs.arg(a, 1);
        String announce = AppArgs.arg(a, 3).trim();
        String timeoutText = AppArgs.arg(a, 4).trim();
        if (!AppArgs.arg(a, 5).isBlank() || !AppArgs.arg(a, 6).isBlank()) {
            runner.protocolError("Queue(" + data + "): the AGI and gosub arguments are not simulated");
        }
        continueOption = options.contains("c");
        if (queue.isEmpty()) {
            call.log("WARNING Queue requires an argument: queuename[,options[,URL[,announceoverride[,timeout]]]]");
            return Future.succeededFuture(-1);
        }
        QueueBehaviour behaviour = sim.queueBehaviour(queue);
        if (behaviour == null) {
            call.log("WARNING Unable to join queue '" + queue + "'");
            sim.setVar(c, "QUEUESTATUS", "UNKNOWN", c.inStasis);
            return Future.succeededFuture(0);
        }
        if (runner.hungUp) {
            return Future.succeededFuture(-1);
        }
        long timeoutMs;
        try {
            timeoutMs = timeoutText.isEmpty() ? 0 : Long.parseLong(timeoutText) * 1000;
        } catch (NumberFormatException e) {
            timeoutMs = 0;
        }
        runner.queueVisit = this;
        onHangup.accept(this::callerHungUp);
        call.log("Started music on hold, class 'default', on channel '" + c.name + "'");
        call.reachedQueue(queue);
        if (behaviour.answerAfter() != null && (timeoutMs == 0 || behaviour.answerAfter().toMillis() < timeoutMs)) {
            timer(behaviour.answerAfter().toMillis(), () -> agentAnswers(behaviour, announce));
        }
        if (timeoutMs > 0) {
            long t = timeoutMs;
            timer(t, this::timeout);
        }
        return done.future();
    }

    private void timer(long ms, Runnable r) {
        timers.add(sim.vertx.setTimer(Math.max(1, ms), id -> {
            if (!done.future().isComplete()) {
                r.run();
            }
        }));
    }

    private void cancelTimers() {
        timers.forEach(sim.vertx::cancelTimer);
        timers.clear();
    }

    private void timeout() {
        if (bridged || agentChannel != null) {
            return;
        }
        cancelTimers();
        call.log("Stopped music on hold on " + c.name);
        sim.setVar(c, "QUEUESTATUS", "TIMEOUT", c.inStasis);
        end(0);
    }

    private void agentAnswers(QueueBehaviour behaviour, String announce) {
        String member = behaviour.agentChannel();
        agentChannel = sim.agentChannelName(member);
        call.log("Called " + member);
        call.log(agentChannel + " answered " + c.name);
        Future<Void> announced = announce.isEmpty() ? Future.succeededFuture() : fetchAnnouncement(announce);
        announced.onComplete(v -> {
            if (done.future().isComplete()) {
                return;
            }
            cancelTimers();
            bridged = true;
            call.log("Stopped music on hold on " + c.name);
            String bridgeId = UUID.randomUUID().toString();
            call.log("Channel " + agentChannel + " joined 'simple_bridge' basic-bridge <" + bridgeId + ">");
            call.log("Channel " + c.name + " joined 'simple_bridge' basic-bridge <" + bridgeId + ">");
            call.withAgent(agentChannel);
            if (behaviour.talkTime() != null) {
                timer(behaviour.talkTime().toMillis(), this::agentHungUp);
            }
        });
    }

    /** Two GETs as Asterisk 22.10.1's media cache sent (trace 07), then "playback" to the agent. */
    private Future<Void> fetchAnnouncement(String url) {
        List<AgentAnnouncement.Fetch> fetches = new ArrayList<>();
        return get(url).compose(first -> {
            fetches.add(first);
            return first.status() / 100 == 2 ? get(url).map(second -> {
                fetches.add(second);
                return null;
            }) : Future.succeededFuture();
        }).map(v -> {
            AgentAnnouncement.Fetch last = fetches.get(fetches.size() - 1);
            String failure = null;
            if (last.status() / 100 != 2) {
                failure = last.status() == 0 ? "fetch failed: " + last.error() : "HTTP " + last.status();
            } else if (last.bytes() == 0) {
                failure = "empty file";
            } else if (url.length() < MIN_PLAYABLE_URL) {
                failure = "URL shorter than " + MIN_PLAYABLE_URL + " characters (Asterisk issue 444): downloaded but not played";
            }
            if (failure == null) {
                call.log("<" + agentChannel + "> Playing '" + url + ".slin' (language 'en')");
            } else {
                call.log("WARNING File " + url + " does not exist in any format (" + failure + ")");
            }
            call.agentAnnouncement(new AgentAnnouncement(url, fetches, failure == null, failure));
            return null;
        });
    }

    private Future<AgentAnnouncement.Fetch> get(String url) {
        Promise<AgentAnnouncement.Fetch> p = Promise.promise();
        try {
            RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                    .putHeader("User-Agent", "asterisk-libcurl-agent/1.0").putHeader("Accept", "*/*")
                    .setTimeout(10_000);
            sim.httpClient().request(ro)
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(body -> new AgentAnnouncement.Fetch(resp.statusCode(),
                            resp.getHeader("Content-Type"), body.length(), null,
                            AgentAnnouncement.Fetch.wavRmsDbfs(body.getBytes()))))
                    .onComplete(ar -> p.complete(ar.succeeded() ? ar.result()
                            : new AgentAnnouncement.Fetch(0, null, 0, String.valueOf(ar.cause()))));
        } catch (RuntimeException e) {
            p.complete(new AgentAnnouncement.Fetch(0, null, 0, e.toString()));
        }
        return p.future();
    }

    /** The agent side hangs up (test action or talk time over). */
    void agentHungUp() {
        if (!bridged || done.future().isComplete()) {
            return;
        }
        cancelTimers();
        call.log("Channel " + agentChannel + " left 'simple_bridge'");
        call.log("Channel " + c.name + " left 'simple_bridge'");
        call.agentLeft();
        if (continueOption) {
            sim.setVar(c, "QUEUESTATUS", "CONTINUE", c.inStasis);
            end(0);
        } else {
            runner.hangupBy(CallEnd.HungUpBy.AGENT, "agent " + agentChannel + " hung up (Queue without option c)");
            end(-1);
        }
    }

    private void callerHungUp() {
        cancelTimers();
        if (bridged) {
            call.agentLeft();
        }
        end(-1);
    }

    private void end(int result) {
        if (runner.queueVisit == this) {
            runner.queueVisit = null;
        }
        done.tryComplete(result);
    }
}
