package org.voicebot.testcalls.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The gateway's AudioSocket server side, for tests: Asterisk connects here. One connection at a time. */
final class AudioSocketTestServer implements AutoCloseable {

    final NetServer server;
    volatile NetSocket socket;
    /** e.g. "Connection reset" when the simulator closed with RST. */
    volatile Throwable error;
    final CompletableFuture<NetSocket> connected = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final LinkedBlockingQueue<AudioSocketFrame> frames = new LinkedBlockingQueue<>();
    final Buffer raw = Buffer.buffer();

    AudioSocketTestServer(Vertx vertx) {
        server = vertx.createNetServer();
        server.connectHandler(s -> {
            socket = s;
            AudioSocketFrameParser parser = new AudioSocketFrameParser(frames::add);
            s.handler(b -> {
                synchronized (raw) {
                    raw.appendBuffer(b);
                }
                parser.handle(b);
            });
            s.exceptionHandler(e -> error = e);
            s.closeHandler(v -> closed.complete(null));
            connected.complete(s);
        });
        AriTestClient.await(server.listen(0, "127.0.0.1"));
    }

    int port() {
        return server.actualPort();
    }

    NetSocket awaitConnection() {
        try {
            return connected.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no AudioSocket connection from the simulator", e);
        }
    }

    AudioSocketFrame nextFrame() {
        try {
            AudioSocketFrame f = frames.poll(5, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no AudioSocket frame within 5 s");
            }
            return f;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    void awaitClosed() {
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("AudioSocket was not closed by the simulator", e);
        }
    }

    byte[] rawBytes() {
        synchronized (raw) {
            return raw.getBytes();
        }
    }

    void write(Buffer b) {
        AriTestClient.await(socket.write(b));
    }

    @Override
    public void close() {
        AriTestClient.await(server.close());
    }
}
