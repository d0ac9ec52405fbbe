package org.voicebot.gateway.asterisk.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.voicebot.gateway.asterisk.agi.FakeAsterisk.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.media.MediaRegistry;
import org.voicebot.gateway.media.audiosocket.AudioSocketServer;

/** The flood from the issue: garbage on both Asterisk-facing ports must not starve a real call. */
class AgiFloodTest {

  private static final int PER_PORT = 1000;
  private static final int BATCH = 50;

  private Vertx vertx;
  private FastAgiServer agi;
  private AudioSocketServer audioSocket;
  private int agiPort;
  private int audioSocketPort;

  @BeforeEach
  void start() {
    // 2,000 refusals would be 2,000 WARN lines; the counters below are what this test checks.
    Configurator.setLevel(FastAgiServer.class.getName(), Level.ERROR);
    Configurator.setLevel(AudioSocketServer.class.getName(), Level.ERROR);
    vertx = Vertx.vertx();
    agi = new FastAgiServer(vertx, FastAgiServer.Settings.defaults("voicebot"), s -> s.send(AgiCommand.answer()));
    audioSocket = new AudioSocketServer(vertx, new MediaRegistry(), 4096, 5000);
    agiPort = await(agi.listen("127.0.0.1", 0));
    audioSocketPort = await(audioSocket.listen("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    await(agi.close());
    await(audioSocket.close());
    await(vertx.close());
    Configurator.setLevel(FastAgiServer.class.getName(), Level.INFO);
    Configurator.setLevel(AudioSocketServer.class.getName(), Level.INFO);
  }

  @Test
  void aValidSessionGetsAnswerWithinTwoSecondsAfterTwoThousandGarbageConnections() {
    NetClient client = vertx.createNetClient();
    byte[] agiGarbage = "\u0016\u0003\u0001 not an agi header\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] audioSocketGarbage = {0x10, 0x01, 0x40, 1, 2, 3}; // audio before the UUID frame
    for (int done = 0; done < PER_PORT; done += BATCH) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(garbage(client, agiPort, agiGarbage));
        batch.add(garbage(client, audioSocketPort, audioSocketGarbage));
      }
      await(Future.all(batch));
    }
    assertThat(agi.refusedConnections()).isEqualTo(PER_PORT);
    assertThat(audioSocket.refusedConnections()).isEqualTo(PER_PORT);

    long t0 = System.nanoTime();
    try (FakeAsterisk a = FakeAsterisk.agiCall(vertx, agiPort)) {
      assertThat(a.nextLine(2000)).isEqualTo("ANSWER");
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
    }
  }

  /** Connects, sends the garbage and completes when the server has closed the connection. */
  private static Future<Void> garbage(NetClient client, int port, byte[] bytes) {
    return client.connect(port, "127.0.0.1").compose(socket -> {
      Promise<Void> closed = Promise.promise();
      socket.closeHandler(v -> closed.tryComplete());
      socket.handler(b -> { });
      socket.write(Buffer.buffer(bytes));
      return closed.future();
    });
  }
}
