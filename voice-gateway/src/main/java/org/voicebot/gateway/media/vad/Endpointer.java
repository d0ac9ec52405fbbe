package org.voicebot.gateway.media.vad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Energy-based voice activity detection and endpointing on raw 8 kHz frames. Time comes from the
 * caller (the call's 20 ms clock): Asterisk sends nothing while the caller's side is silent on some
 * channel types, so a missing frame is silence, and {@link #onTick(long)} makes the end of an
 * utterance come on time without incoming audio.
 *
 * <p>Speech starts after {@code startMs} of frames above the threshold (which adapts to the line's
 * noise floor); it ends after {@code endSilenceMs} below it. The utterance handed on includes a short
 * pre-roll, so the recognizer hears the first phoneme, and only audio around speech is kept: idle
 * lines cost no recognition at all. Not thread-safe: one per call.
 */
public final class Endpointer {

  /** Tuning, all in milliseconds or dBFS. */
  public record Settings(double thresholdDbfs, int startMs, int endSilenceMs, int maxUtteranceMs, int preRollMs,
      int postRollMs, int minSpeechMs) {
    public static Settings defaults() {
      return new Settings(-42, 60, 700, 15000, 300, 200, 120);
    }
  }

  /** What the endpointer saw. */
  public sealed interface Event {
    /** Speech began at {@code atMs} (the first loud frame, not when it was confirmed). */
    record SpeechStarted(long atMs) implements Event {}

    /** Speech ended at {@code atMs} (the last loud frame); {@code audio} includes pre- and post-roll. */
    record SpeechEnded(long atMs, long startedAtMs, short[] audio, boolean truncated) implements Event {}

    /** Something loud but too short to be speech (a click, a cough): started, then dropped. */
    record NoiseDiscarded(long atMs) implements Event {}
  }

  private static final int FRAME_MS = 20;
  private static final double HYSTERESIS_DB = 6;

  private final Settings s;
  private final ArrayDeque<short[]> preRoll = new ArrayDeque<>();
  private final List<short[]> utterance = new ArrayList<>();
  private double noiseFloorDb = -70;
  private int loudRunMs;
  private long loudRunStartMs;
  private boolean inSpeech;
  private long speechStartMs;
  private long lastLoudMs;
  private int silenceMs;
  private int speechMs;
  private int utteranceMs;
  private long lastFrameMs = Long.MIN_VALUE;
  private long lastSilentTickMs = Long.MIN_VALUE;
  /** The silence that ends the current utterance; {@link Settings#endSilenceMs()} unless changed for it. */
  private int endSilenceMs;

  public Endpointer(Settings settings) {
    this.s = settings;
    this.endSilenceMs = settings.endSilenceMs();
  }

  /**
   * Changes the silence that ends the utterance under way (from what its words say: a complete answer
   * ends sooner, an unfinished digit string later). Takes effect at the next frame or tick; the next
   * utterance starts again from {@link Settings#endSilenceMs()}.
   */
  public void endSilenceMs(int ms) {
    if (ms < FRAME_MS) {
      throw new IllegalArgumentException("end silence must be at least " + FRAME_MS + " ms: " + ms);
    }
    endSilenceMs = ms;
  }

  /** The silence that will end the utterance under way. */
  public int endSilenceMs() {
    return endSilenceMs;
  }

  public boolean inSpeech() {
    return inSpeech;
  }

  /** Silence since the caller's last sounding frame of the utterance under way (0 while they speak or outside one). */
  public int silenceMs() {
    return inSpeech ? silenceMs : 0;
  }

  /** One frame of caller audio received at {@code nowMs}. */
  public List<Event> onFrame(short[] frame, long nowMs) {
    lastFrameMs = nowMs;
    double db = rmsDbfs(frame);
    return step(frame, db, nowMs, frame.length * 1000 / 8000);
  }

  /**
   * Called every clock tick; when no caller audio has arrived for more than two frames, the gap counts
   * as silence so the end of an utterance and the no-input timer do not depend on Asterisk sending.
   */
  public List<Event> onTick(long nowMs) {
    if (lastFrameMs != Long.MIN_VALUE && nowMs - lastFrameMs <= 2 * FRAME_MS) {
      return List.of();
    }
    if (!inSpeech && loudRunMs == 0) {
      return List.of();
    }
    // Count the whole gap since the last frame (or the last tick that counted), once.
    long from = Math.max(lastFrameMs, lastSilentTickMs);
    if (nowMs - from < FRAME_MS) {
      return List.of();
    }
    lastSilentTickMs = nowMs;
    return step(new short[160], Double.NEGATIVE_INFINITY, nowMs, (int) (nowMs - from));
  }

  private List<Event> step(short[] frame, double db, long nowMs, int frameMs) {
    List<Event> events = new ArrayList<>(1);
    double threshold = Math.max(s.thresholdDbfs(), noiseFloorDb + 12);
    if (!inSpeech) {
      boolean loud = db > threshold;
      remember(frame);
      if (loud) {
        if (loudRunMs == 0) {
          loudRunStartMs = nowMs - frameMs;
        }
        loudRunMs += frameMs;
        if (loudRunMs >= s.startMs()) {
          inSpeech = true;
          speechStartMs = loudRunStartMs;
          lastLoudMs = nowMs;
          silenceMs = 0;
          speechMs = loudRunMs;
          endSilenceMs = s.endSilenceMs();
          utterance.clear();
          utterance.addAll(preRoll);
          utteranceMs = preRoll.size() * FRAME_MS;
          preRoll.clear();
          events.add(new Event.SpeechStarted(speechStartMs));
        }
      } else {
        loudRunMs = 0;
        if (db > Double.NEGATIVE_INFINITY) {
          // The noise floor follows quiet frames slowly, so a noisy line raises the threshold.
          noiseFloorDb = noiseFloorDb * 0.95 + Math.max(db, -90) * 0.05;
        }
      }
      return events;
    }
    utterance.add(frame);
    utteranceMs += frameMs;
    boolean stillLoud = db > threshold - HYSTERESIS_DB;
    if (stillLoud) {
      silenceMs = 0;
      speechMs += frameMs;
      lastLoudMs = nowMs;
    } else {
      silenceMs += frameMs;
    }
    boolean truncated = utteranceMs >= s.maxUtteranceMs();
    if (silenceMs >= endSilenceMs || truncated) {
      inSpeech = false;
      loudRunMs = 0;
      if (speechMs < s.minSpeechMs()) {
        events.add(new Event.NoiseDiscarded(nowMs));
      } else {
        int keepTail = Math.max(0, (silenceMs - s.postRollMs()) / FRAME_MS);
        int keep = Math.max(1, utterance.size() - keepTail);
        events.add(new Event.SpeechEnded(lastLoudMs, speechStartMs, concat(utterance.subList(0, keep)), truncated));
      }
      utterance.clear();
    }
    return events;
  }

  private void remember(short[] frame) {
    preRoll.addLast(frame);
    while (preRoll.size() * FRAME_MS > s.preRollMs()) {
      preRoll.removeFirst();
    }
  }

  private static short[] concat(List<short[]> frames) {
    int n = 0;
    for (short[] f : frames) {
      n += f.length;
    }
    short[] out = new short[n];
    int o = 0;
    for (short[] f : frames) {
      System.arraycopy(f, 0, out, o, f.length);
      o += f.length;
    }
    return out;
  }

  static double rmsDbfs(short[] frame) {
    if (frame.length == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double sum = 0;
    for (short v : frame) {
      sum += (double) v * v;
    }
    double rms = Math.sqrt(sum / frame.length);
    return rms <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / 32768.0);
  }
}
