package org.voicebot.testcalls.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetSocket;
import org.voicebot.testcalls.sim.dialplan.AppArgs;

import java.net.ConnectException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The dialplan application {@code AudioSocket(uuid,host:port)} (app_audiosocket + res_audiosocket, trace 04):
 * Asterisk connects, sends the UUID frame, then carries caller audio/DTMF to the server and server audio to the
 * caller. Returns 0 on a server HANGUP frame or close; -1 (the channel hangs up) on a refused connection, a
 * malformed frame, 2 s without activity, or a caller hang-up. Not fail-open (trace 06).
 */
final class AudioSocketAppSession {

    static final long NO_ACTIVITY_MS = 2000;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final DialplanRunner runner;
    private final AsteriskSimulator sim;
    private final SimulatedCall call;
    private final SimChannel c;
    private final String data;
    private final Promise<Integer> done = Promise.promise();
    private String service;
    private NetSocket socket;
    private AudioSocketFrameParser parser;
    private long activityTimer = -1;
    private long partialTimer = -1;
    private long lastArrivalNanos;
    private boolean finished;

    AudioSocketAppSession(DialplanRunner runner, String data) {
        this.runner = runner;
        this.sim = runner.sim;
        this.call = runner.call;
        this.c = runner.c;
        this.data = data;
    }

    Future<Integer> run(Consumer<Runnable> onHangup) {
        List<String> a = AppArgs.split(data);
        String uuid = AppArgs.arg(a, 0).trim();
        service = AppArgs.arg(a, 1).trim();
        if (uuid.isEmpty() || service.isEmpty()) {
            call.log("ERROR AudioSocket requires a UUID and a server address: AudioSocket(" + data + ")");
            return failed("AudioSocket(" + data + "): missing UUID or server");
        }
        if (!UUID_TEXT.matcher(uuid).matches()) {
            call.log("WARNING Failed to parse UUID '" + uuid + "'");
            return failed("AudioSocket: bad UUID '" + uuid + "'");
        }
        int colon = service.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(service.substring(colon + 1));
        } catch (RuntimeException e) {
            call.log("ERROR Failed to connect to AudioSocket service '" + service + "'");
            return failed("AudioSocket: bad server address '" + service + "'");
        }
        if (runner.hungUp || colon <= 0) {
            return Future.succeededFuture(-1);
        }
        onHangup.accept(this::callerHungUp);
        sim.connectTcp(service.substring(0, colon), port).onComplete(ar -> {
            if (ar.failed()) {
                call.log("WARNING Connecting to '" + service + "' failed for url '" + service + "': " + reason(ar.cause()));
                call.log("ERROR Failed to connect to AudioSocket service");
                runner.noteFailure("AudioSocket: connecting to " + service + " failed: " + reason(ar.cause()));
                done.tryComplete(-1);
                return;
            }
            socket = ar.result();
            if (runner.hungUp || finished) {
                socket.close();
                done.tryComplete(-1);
                return;
            }
            connected(UUID.fromString(uuid));
        });
        return done.future();
    }

    private Future<Integer> failed(String why) {
        runner.noteFailure(why);
        return Future.succeededFuture(-1);
    }

    static String reason(Throwable t) {
        return t instanceof ConnectException || String.valueOf(t.getMessage()).contains("refused")
                ? "Connection refused" : String.valueOf(t.getMessage());
    }

    private void connected(UUID uuid) {
        parser = new AudioSocketFrameParser(this::serverFrame);
        socket.handler(buf -> {
            if (finished) {
                return;
            }
            if (partialTimer >= 0) {
                sim.vertx.cancelTimer(partialTimer);
                partialTimer = -1;
            }
            lastArrivalNanos = System.nanoTime();
            parser.handle(buf);
            if (!finished && parser.hasPartialFrame()) {
                long ms = Math.max(1, sim.options.partialFrameTimeout().toMillis());
                partialTimer = sim.vertx.setTimer(ms, id -> {
                    partialTimer = -1;
                    if (!finished && parser.hasPartialFrame()) {
                        call.log("WARNING Poll timed out while waiting for data");
                        call.log("ERROR Failed to read payload from AudioSocket: Resource temporarily unavailable");
                        fail("incomplete frame from the server (" + parser.bufferedBytes() + " bytes)", false);
                    }
                });
            }
        });
        socket.closeHandler(v -> {
            if (!finished) {
                end(0); // server closed: the dialplan continues (trace 04 C)
            }
        });
        socket.exceptionHandler(e -> call.log("DEBUG AudioSocket socket error: " + e));
        socket.write(AudioSocketFrame.uuid(uuid).encode());
        runner.audioSession = this;
        runner.dtmfTarget = this::callerDtmf;
        call.audioSocketAppConnected(uuid.toString());
        touch();
    }

    private void touch() {
        if (activityTimer >= 0) {
            sim.vertx.cancelTimer(activityTimer);
        }
        activityTimer = sim.vertx.setTimer(NO_ACTIVITY_MS, id -> {
            activityTimer = -1;
            if (!finished) {
                call.log("ERROR Reached timeout after " + NO_ACTIVITY_MS + " ms of no activity on AudioSocket connection between '"
                        + c.name + "' and '" + service + "'");
                fail("no activity for " + NO_ACTIVITY_MS + " ms", false);
            }
        });
    }

    void callerAudio(byte[] slin) {
        if (!finished && socket != null) {
            socket.write(AudioSocketFrame.audio(slin).encode());
            touch();
        }
    }

    private void callerDtmf(char digit) {
        if (!finished && socket != null) {
            socket.write(AudioSocketFrame.dtmf(digit).encode());
            touch();
        }
    }

    private void serverFrame(AudioSocketFrame f) {
        if (finished) {
            return;
        }
        if (f.kind() == AudioSocketFrame.KIND_AUDIO && f.length() > 0) {
            touch();
            call.deliverBotAudio(new BotAudioFrame(lastArrivalNanos, f.payload()));
        } else if (f.kind() == AudioSocketFrame.KIND_AUDIO) {
            call.log("ERROR Invalid message length received from AudioSocket server. ");
            fail("zero-length audio frame from the server", false);
        } else if (f.kind() == AudioSocketFrame.KIND_HANGUP) {
            end(0); // trace 04 B: Asterisk closes the socket, the dialplan continues
        } else {
            call.log("ERROR Received AudioSocket message other than hangup or audio, refer to protocol specification for valid message types");
            fail(String.format("frame kind 0x%02x from the server", f.kind()), f.length() > 0);
        }
    }

    /** Asterisk's side of the connection fails mid-call (a test's {@link SimulatedCall#dropMedia}): EXEC returns -1. */
    void lostByAsterisk(String why) {
        if (!finished) {
            call.log("WARNING Failed to receive frame from AudioSocket server '" + service + "' connected to channel '"
                    + c.name + "' (" + why + ")");
            end(-1);
        }
    }

    /** The server broke the protocol: Asterisk logs, closes (RST when bytes were left unread) and returns -1. */
    private void fail(String why, boolean reset) {
        call.log("WARNING Failed to receive frame from AudioSocket server '" + service + "' connected to channel '" + c.name + "'");
        runner.noteFailure("AudioSocket: " + why);
        if (reset) {
            AsteriskSimulator.abortiveClose(socket);
        }
        end(-1);
    }

    private void callerHungUp() {
        if (finished) {
            return;
        }
        if (socket == null) {
            finished = true;
            done.tryComplete(-1);
            return;
        }
        call.log("WARNING Failed to receive frame from channel '" + c.name + "' connected to AudioSocket server '" + service + "'");
        end(-1); // Asterisk closes the socket (EOF at the server)
    }

    private void end(int result) {
        if (finished) {
            return;
        }
        finished = true;
        if (activityTimer >= 0) {
            sim.vertx.cancelTimer(activityTimer);
        }
        if (partialTimer >= 0) {
            sim.vertx.cancelTimer(partialTimer);
        }
        if (parser != null) {
            parser.stop();
        }
        if (runner.audioSession == this) {
            runner.audioSession = null;
            runner.dtmfTarget = null;
        }
        socket.close();
        done.tryComplete(result);
    }
}
