package org.voicebot.testcalls.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * What the caller hears: every bot frame with its arrival time, and whether it carried sound. All
 * latency figures are measured here, as a caller would feel them.
 */
final class BotEar {

  /** A frame is "sound" above this peak (about -40 dBFS); MaryTTS pauses and our silence are below. */
  static final int SOUND_PEAK = 330;

  private final List<long[]> frames = new ArrayList<>(); // {nanos, 1 if sound}

  synchronized void heard(long nanos, byte[] pcm) {
    int peak = 0;
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      int v = Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)));
      if (v > peak) {
        peak = v;
      }
    }
    frames.add(new long[] {nanos, peak > SOUND_PEAK ? 1 : 0});
  }

  /** Arrival of the first sound frame after {@code fromNanos} and before {@code untilNanos}, or -1. */
  synchronized long firstSoundBetween(long fromNanos, long untilNanos) {
    for (long[] f : frames) {
      if (f[0] > fromNanos && f[0] < untilNanos && f[1] == 1) {
        return f[0];
      }
    }
    return -1;
  }

  /**
   * When the bot's sound stopped after {@code onsetNanos}: the arrival of the first silent frame
   * after which at least {@code quietFrames} frames in a row stay silent; -1 if it never stopped.
   */
  synchronized long soundStoppedAfter(long onsetNanos, int quietFrames) {
    int run = 0;
    long runStart = -1;
    for (long[] f : frames) {
      if (f[0] < onsetNanos) {
        continue;
      }
      if (f[1] == 0) {
        if (run == 0) {
          runStart = f[0];
        }
        run++;
        if (run >= quietFrames) {
          return runStart;
        }
      } else {
        run = 0;
      }
    }
    return -1;
  }

  /** True when any sound arrived between the two times. */
  synchronized boolean soundBetween(long fromNanos, long untilNanos) {
    return firstSoundBetween(fromNanos, untilNanos) >= 0;
  }

  synchronized int frameCount() {
    return frames.size();
  }
}
