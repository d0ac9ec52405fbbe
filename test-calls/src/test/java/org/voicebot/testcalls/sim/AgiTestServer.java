package org.voicebot.testcalls.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw FastAGI server for tests: the test thread plays the script line by line. One connection at a time. */
final class AgiTestServer implements AutoCloseable {

    final NetServer server;
    volatile NetSocket socket;
    final CompletableFuture<NetSocket> connected = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Lines from Asterisk, without the trailing \n. */
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    AgiTestServer(Vertx vertx) {
        server = vertx.createNetServer();
        server.connectHandler(s -> {
            socket = s;
            s.handler(RecordParser.newDelimited("\n", b -> lines.add(b.toString())));
            s.closeHandler(v -> closed.complete(null));
            connected.complete(s);
        });
        AriTestClient.await(server.listen(0, "127.0.0.1"));
    }

    int port() {
        return server.actualPort();
    }

    /** The header block up to (not including) the empty line. */
    List<String> headers() {
        try {
            connected.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no FastAGI connection from the simulator", e);
        }
        List<String> h = new ArrayList<>();
        for (String l = nextLine(); !l.isEmpty(); l = nextLine()) {
            h.add(l);
        }
        return h;
    }

    String nextLine() {
        try {
            String l = lines.poll(5, TimeUnit.SECONDS);
            if (l == null) {
                throw new AssertionError("no line from Asterisk within 5 s");
            }
            return l;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a command and returns the next line Asterisk sends. */
    String command(String cmd) {
        AriTestClient.await(socket.write(Buffer.buffer(cmd + "\n")));
        return nextLine();
    }

    void closeConnection() {
        AriTestClient.await(socket.close());
    }

    @Override
    public void close() {
        AriTestClient.await(server.close());
    }
}
