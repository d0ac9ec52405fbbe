package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.gateway.asterisk.agi.FakeAsterisk.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FastAgiServer and AgiSession on a real socket, with a raw client playing Asterisk. */
class FastAgiServerTest {

  private Vertx vertx;
  private FastAgiServer server;
  private int port;
  private final BlockingQueue<AgiSession> sessions = new LinkedBlockingQueue<>();
  private volatile Consumer<AgiSession> onSession = s -> s.send(AgiCommand.answer());

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = new FastAgiServer(vertx, new FastAgiServer.Settings("voicebot", 300, AgiRequestDecoder.Limits.DEFAULT, 8192),
        s -> {
          sessions.add(s);
          onSession.accept(s);
        });
    port = await(server.listen("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    await(server.close());
    await(vertx.close());
  }

  @Test
  void headerBlockThenAnswerFirstThenOneCommandPerReply() throws Exception {
    List<Future<AgiReply>> replies = new ArrayList<>();
    onSession = s -> {
      replies.add(s.send(AgiCommand.answer()));
      replies.add(s.send(AgiCommand.getVariable("CHANNEL")));
      replies.add(s.send(AgiCommand.setVariable("BOT_OUTCOME", "transferred")));
    };
    try (FakeAsterisk a = FakeAsterisk.agiCall(vertx, port)) {
      assertThat(a.nextLine()).isEqualTo("ANSWER");
      assertThat(a.nextLine(200)).as("nothing more before the reply").isNull();
      a.send("200 result=0\n");
      assertThat(a.nextLine()).isEqualTo("GET VARIABLE CHANNEL");
      a.send("200 result=1 (Local/250@trace-agi-00000011;2)\n");
      assertThat(a.nextLine()).isEqualTo("SET VARIABLE BOT_OUTCOME \"transferred\"");
      a.send("200 result=1\n");
      AgiSession s = sessions.poll(5, TimeUnit.SECONDS);
      assertThat(s.request().channel()).isEqualTo("Local/250@trace-agi-00000011;2");
      assertThat(await(replies.get(0))).isEqualTo(AgiReply.ok("0", null, null));
      assertThat(await(replies.get(1)).data()).isEqualTo("Local/250@trace-agi-00000011;2");
      assertThat(await(replies.get(2)).numericResult()).hasValue(1);
    }
  }

  @Test
  void hangupBetweenCommandAndReplyIsANoticeAndTheReplyStillArrives() throws Exception {
    BlockingQueue<String> notices = new LinkedBlockingQueue<>();
    List<Future<AgiReply>> replies = new ArrayList<>();
    onSession = s -> {
      s.onHangup(v -> notices.add("hangup"));
      s.onClose(v -> notices.add("closed"));
      replies.add(s.send(AgiCommand.answer()));
    };
    try (FakeAsterisk a = FakeAsterisk.agiCall(vertx, port)) {
      assertThat(a.nextLine()).isEqualTo("ANSWER");
      a.send("200 result=0\n");
      AgiSession s = sessions.poll(5, TimeUnit.SECONDS);
      Future<AgiReply> get = s.send(AgiCommand.getVariable("CHANNEL"));
      Future<AgiReply> stream = s.send(AgiCommand.streamFile("hello-world", ""));
      assertThat(a.nextLine()).isEqualTo("GET VARIABLE CHANNEL");
      a.send("HANGUP\n");
      assertThat(notices.poll(5, TimeUnit.SECONDS)).isEqualTo("hangup");
      assertThat(get.isComplete()).isFalse();
      a.send("200 result=1 (Local/250@trace-agi-00000011;2)\n");
      assertThat(await(get).data()).isEqualTo("Local/250@trace-agi-00000011;2");
      assertThat(s.channelHungUp()).isTrue();
      assertThat(a.nextLine()).isEqualTo("STREAM FILE hello-world \"\"");
      a.send("511 Command Not Permitted on a dead channel or intercept routine\n");
      assertThat(await(stream).deadChannel()).as("511 is a value").isTrue();
      Future<AgiReply> pending = s.send(AgiCommand.hangup());
      assertThat(a.nextLine()).isEqualTo("HANGUP");
      a.close();
      assertThat(notices.poll(5, TimeUnit.SECONDS)).isEqualTo("closed");
      assertThat(pending.toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(5, TimeUnit.SECONDS))
          .isInstanceOf(AgiSession.ClosedException.class);
      assertThat(notices).isEmpty();
    }
  }

  @Test
  void hangupInTheSamePacketAsTheHeaderIsNotLost() throws Exception {
    BlockingQueue<String> notices = new LinkedBlockingQueue<>();
    onSession = s -> s.onHangup(v -> notices.add("hangup"));
    try (FakeAsterisk a = FakeAsterisk.connect(vertx, port)) {
      byte[] header = TraceBytes.load(TraceBytes.SESSION1_HEADER);
      byte[] both = java.util.Arrays.copyOf(header, header.length + 7);
      System.arraycopy("HANGUP\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, both, header.length, 7);
      a.send(both);
      assertThat(notices.poll(5, TimeUnit.SECONDS)).isEqualTo("hangup");
    }
  }

  @Test
  void garbageClosesThatConnectionOnlyAndTheNextIsServed() {
    try (FakeAsterisk good = FakeAsterisk.connect(vertx, port); FakeAsterisk bad = FakeAsterisk.connect(vertx, port)) {
      good.send("agi_network: yes\n"); // half a header: must survive the neighbour's garbage
      bad.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(bad.awaitClosed(5000)).isTrue();
      assertThat(bad.nextLine(0)).as("nothing is sent to a refused peer").isNull();
      good.send(TraceBytes.load(TraceBytes.SESSION1_HEADER), 17);
      assertThat(good.nextLine()).isEqualTo("ANSWER");
    }
    try (FakeAsterisk next = FakeAsterisk.agiCall(vertx, port)) {
      assertThat(next.nextLine()).isEqualTo("ANSWER");
    }
    assertThat(server.refusedConnections()).isEqualTo(1);
  }

  @Test
  void anotherScriptIsClosedWithoutAWordSoTheDialplanContinues() {
    try (FakeAsterisk a = FakeAsterisk.connect(vertx, port)) {
      a.send("agi_network: yes\nagi_network_script: other?x=1\nagi_request: agi://127.0.0.1:4573/other?x=1\n\n");
      assertThat(a.awaitClosed(5000)).isTrue();
      assertThat(a.nextLine(0)).isNull();
    }
    assertThat(sessions).isEmpty();
  }

  @Test
  void anIncompleteHeaderTimesOut() {
    try (FakeAsterisk a = FakeAsterisk.connect(vertx, port)) {
      a.send("agi_network: yes\n");
      assertThat(a.awaitClosed(5000)).isTrue();
    }
    assertThat(sessions).isEmpty();
    assertThat(server.refusedConnections()).isEqualTo(1);
  }

  @Test
  void garbageAfterTheHeaderEndsTheSessionAndFailsItsCommands() throws Exception {
    List<Future<AgiReply>> replies = new ArrayList<>();
    onSession = s -> replies.add(s.send(AgiCommand.answer()));
    try (FakeAsterisk a = FakeAsterisk.agiCall(vertx, port)) {
      assertThat(a.nextLine()).isEqualTo("ANSWER");
      a.send(new byte[] {(byte) 0xff, 0, 1, '\n'});
      assertThat(a.awaitClosed(5000)).isTrue();
      assertThat(replies.get(0).toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(5, TimeUnit.SECONDS))
          .isInstanceOf(AgiSession.ClosedException.class);
    }
  }
}
