package org.voicebot.gateway.media.vad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointerTest {

  private static short[] tone(double dbfs) {
    short[] f = new short[160];
    double amp = 32768 * Math.pow(10, dbfs / 20) * Math.sqrt(2);
    for (int i = 0; i < f.length; i++) {
      f[i] = (short) (amp * Math.sin(2 * Math.PI * 300 * i / 8000.0));
    }
    return f;
  }

  @Test
  void speechStartsAfterSixtyMillisecondsAndEndsAfterTheConfiguredSilence() {
    Endpointer e = new Endpointer(Endpointer.Settings.defaults());
    List<Endpointer.Event> events = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 25; i++) {
      events.addAll(e.onFrame(new short[160], t += 20));
    }
    for (int i = 0; i < 50; i++) {
      events.addAll(e.onFrame(tone(-20), t += 20));
    }
    assertThat(events).hasSize(1).first().isInstanceOf(Endpointer.Event.SpeechStarted.class);
    // Then nothing arrives at all (Asterisk sends nothing on silence): the clock ends the utterance.
    long lastAudio = t;
    while (events.size() < 2 && t < lastAudio + 5000) {
      events.addAll(e.onTick(t += 20));
    }
    assertThat(events.get(1)).isInstanceOf(Endpointer.Event.SpeechEnded.class);
    var ended = (Endpointer.Event.SpeechEnded) events.get(1);
    assertThat(t - lastAudio).isBetween(700L, 800L);
    // Pre-roll plus one second of speech plus post-roll.
    assertThat(ended.audio().length / 8).isBetween(1000, 1600);
  }

  @Test
  void aShortClickIsNotSpeech() {
    Endpointer e = new Endpointer(Endpointer.Settings.defaults());
    List<Endpointer.Event> events = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 2; i++) {
      events.addAll(e.onFrame(tone(-10), t += 20));
    }
    for (int i = 0; i < 60; i++) {
      events.addAll(e.onFrame(new short[160], t += 20));
    }
    assertThat(events).isEmpty();
  }

  @Test
  void quietLineNoiseIsNotSpeech() {
    Endpointer e = new Endpointer(Endpointer.Settings.defaults());
    java.util.Random r = new java.util.Random(1);
    List<Endpointer.Event> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      short[] f = new short[160];
      for (int j = 0; j < f.length; j++) {
        f[j] = (short) (r.nextGaussian() * 60); // about -55 dBFS
      }
      events.addAll(e.onFrame(f, i * 20L));
    }
    assertThat(events).isEmpty();
  }

  /** Runs one utterance of {@code speechFrames} loud frames, changing the end silence mid-way; returns the silence waited. */
  private static long silenceWaited(Endpointer e, long t0, int changeTo) {
    long t = t0;
    List<Endpointer.Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.addAll(e.onFrame(tone(-20), t += 20));
    }
    if (changeTo > 0) {
      e.endSilenceMs(changeTo);
    }
    long last = t;
    while (events.size() < 2 && t < last + 5000) {
      events.addAll(e.onFrame(new short[160], t += 20));
    }
    assertThat(events.get(1)).isInstanceOf(Endpointer.Event.SpeechEnded.class);
    return t - last;
  }

  @Test
  void theEndSilenceCanBeChangedForTheUtteranceUnderWayAndComesBackForTheNext() {
    Endpointer e = new Endpointer(Endpointer.Settings.defaults());
    assertThat(silenceWaited(e, 0, 300)).isBetween(300L, 320L);
    assertThat(silenceWaited(e, 10_000, 1200)).isBetween(1200L, 1220L);
    assertThat(e.endSilenceMs()).isEqualTo(1200);
    assertThat(silenceWaited(e, 20_000, 0)).as("back to the configured silence").isBetween(700L, 720L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.endSilenceMs(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loweringTheEndSilenceAfterThatMuchSilenceEndsTheUtteranceAtTheNextFrame() {
    Endpointer e = new Endpointer(Endpointer.Settings.defaults());
    long t = 0;
    List<Endpointer.Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.addAll(e.onFrame(tone(-20), t += 20));
    }
    for (int i = 0; i < 20; i++) { // 400 ms of silence: not yet the end
      events.addAll(e.onFrame(new short[160], t += 20));
    }
    assertThat(events).hasSize(1);
    e.endSilenceMs(300); // a partial transcript says the answer is complete
    events.addAll(e.onFrame(new short[160], t += 20));
    assertThat(events).hasSize(2).last().isInstanceOf(Endpointer.Event.SpeechEnded.class);
  }
}
