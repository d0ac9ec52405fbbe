package org.voicebot.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutTest {

  private final List<String> log = new ArrayList<>();
  private final Playout playout = new Playout(new Playout.Listener() {
    @Override
    public void started(Playout.Utterance u) {
      log.add("started " + u.text());
    }

    @Override
    public void finished(Playout.Utterance u, boolean interrupted) {
      log.add("finished " + u.text() + (interrupted ? " interrupted" : ""));
    }
  });

  private static short[] tone(int samples, int value) {
    short[] s = new short[samples];
    Arrays.fill(s, (short) value);
    return s;
  }

  private static boolean silent(byte[] frame) {
    for (byte b : frame) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void playsAWholeUtteranceInTwentyMillisecondFramesThenSilence() {
    playout.enqueue(Playout.Utterance.of(1, "hi", tone(400, 1000), true));
    assertThat(silent(playout.nextFrame())).isFalse();
    assertThat(silent(playout.nextFrame())).isFalse();
    assertThat(log).containsExactly("started hi");
    byte[] last = playout.nextFrame(); // 80 samples of audio, 80 of padding
    assertThat(last[2 * 79 + 1]).isNotZero();
    assertThat(last[2 * 80]).isZero();
    assertThat(log).containsExactly("started hi", "finished hi");
    assertThat(playout.busy()).isFalse();
    assertThat(silent(playout.nextFrame())).isTrue();
  }

  @Test
  void aStreamingUtteranceWaitsForItsFirstSentenceAndBridgesGapsWithSilence() {
    Playout.Utterance u = new Playout.Utterance(1, "two sentences", true);
    playout.enqueue(u);
    assertThat(silent(playout.nextFrame())).isTrue();
    assertThat(log).isEmpty(); // not started before it has audio
    u.append(tone(160, 500));
    assertThat(silent(playout.nextFrame())).isFalse();
    assertThat(log).containsExactly("started two sentences");
    assertThat(silent(playout.nextFrame())).isTrue(); // second sentence not there yet
    assertThat(playout.gapFrames()).isEqualTo(1);
    assertThat(playout.busy()).isTrue();
    u.append(tone(100, 700));
    u.append(tone(100, 900)); // frames fill across chunk boundaries
    byte[] f = playout.nextFrame();
    assertThat((short) ((f[2 * 99] & 0xff) | (f[2 * 99 + 1] << 8))).isEqualTo((short) 700);
    assertThat((short) ((f[2 * 100] & 0xff) | (f[2 * 100 + 1] << 8))).isEqualTo((short) 900);
    u.complete();
    assertThat(silent(playout.nextFrame())).isFalse(); // the last 40 samples
    assertThat(log).containsExactly("started two sentences", "finished two sentences");
  }

  @Test
  void aCompletedEmptyUtteranceIsSkippedWithoutEvents() {
    Playout.Utterance failed = new Playout.Utterance(1, "failed", true);
    failed.complete();
    playout.enqueue(failed);
    playout.enqueue(Playout.Utterance.of(2, "next", tone(160, 1), true));
    assertThat(silent(playout.nextFrame())).isFalse();
    assertThat(log).containsExactly("started next", "finished next");
  }

  @Test
  void interruptStopsAtOnceAndClearsTheQueue() {
    playout.enqueue(Playout.Utterance.of(1, "greeting", tone(8000, 1000), true));
    playout.enqueue(Playout.Utterance.of(2, "more", tone(8000, 1000), true));
    playout.nextFrame();
    playout.interrupt();
    assertThat(log).containsExactly("started greeting", "finished greeting interrupted");
    assertThat(playout.busy()).isFalse();
    assertThat(silent(playout.nextFrame())).isTrue();
  }

  @Test
  void interruptibleFollowsThePlayingUtterance() {
    playout.enqueue(Playout.Utterance.of(1, "legal notice", tone(800, 1), false));
    assertThat(playout.interruptible()).isFalse();
    playout.nextFrame();
    assertThat(playout.interruptible()).isFalse();
    playout.enqueue(Playout.Utterance.of(2, "question", tone(800, 1), true));
    for (int i = 0; i < 5; i++) {
      playout.nextFrame();
    }
    assertThat(playout.current().text()).isEqualTo("question");
    assertThat(playout.interruptible()).isTrue();
  }
}
