package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw TCP client playing Asterisk's side of a FastAGI (or AudioSocket) connection, for blocking tests. */
final class FakeAsterisk implements AutoCloseable {

  static final long WAIT_MS = 5000;

  private final NetClient client; // held: Vert.x closes an unreachable client's connections
  private final NetSocket socket;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private FakeAsterisk(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(RecordParser.newDelimited("\n", b -> lines.add(b.toString(StandardCharsets.UTF_8))));
    socket.closeHandler(v -> closed.countDown());
  }

  static FakeAsterisk connect(Vertx vertx, int port) {
    NetClient client = vertx.createNetClient();
    return new FakeAsterisk(client, await(client.connect(port, "127.0.0.1")));
  }

  /** Connects and sends the header block of trace 05, transcript 1 (script voicebot). */
  static FakeAsterisk agiCall(Vertx vertx, int port) {
    FakeAsterisk a = connect(vertx, port);
    a.send(TraceBytes.load(TraceBytes.SESSION1_HEADER));
    return a;
  }

  void send(String text) {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) {
    await(socket.write(Buffer.buffer(bytes)));
  }

  /** Sends {@code bytes} from {@code offset} on. */
  void send(byte[] bytes, int offset) {
    await(socket.write(Buffer.buffer(bytes).slice(offset, bytes.length)));
  }

  /** The next line the server sent; fails the test if none comes in time. */
  String nextLine() {
    String l = nextLine(WAIT_MS);
    assertThat(l).as("a line from the server within %d ms", WAIT_MS).isNotNull();
    return l;
  }

  /** The next line, or null if none comes within {@code ms}. */
  String nextLine(long ms) {
    try {
      return lines.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean awaitClosed(long ms) {
    try {
      return closed.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  @Override
  public void close() {
    socket.close();
    awaitClosed(WAIT_MS);
    client.close();
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }
}
