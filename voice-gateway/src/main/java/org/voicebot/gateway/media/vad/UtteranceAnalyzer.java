package org.voicebot.gateway.media.vad;

import java.util.ArrayList;
import java.util.List;
import org.voicebot.dialog.UtteranceFeatures;

/**
 * Measures what the frustration detector needs from one utterance of 8 kHz audio: loudness (RMS over
 * the voiced part, and peak), pitch (median F0 and its 10-90 % range, by normalised autocorrelation)
 * and speaking rate (when the recognizer gives a word count).
 */
public final class UtteranceAnalyzer {

  private static final int RATE = 8000;
  private static final int WINDOW = 320; // 40 ms
  private static final int HOP = 160; // 20 ms
  private static final int MIN_LAG = RATE / 400; // 400 Hz
  private static final int MAX_LAG = RATE / 70; // 70 Hz
  private static final double VOICING = 0.45;

  private UtteranceAnalyzer() {}

  public static UtteranceFeatures analyze(short[] audio, int words) {
    if (audio.length < WINDOW) {
      return UtteranceFeatures.NONE;
    }
    double peak = 0;
    for (short v : audio) {
      peak = Math.max(peak, Math.abs((double) v));
    }
    List<Double> frameEnergies = new ArrayList<>();
    List<Double> f0s = new ArrayList<>();
    for (int start = 0; start + WINDOW <= audio.length; start += HOP) {
      double e = 0;
      for (int i = start; i < start + WINDOW; i++) {
        e += (double) audio[i] * audio[i];
      }
      frameEnergies.add(e / WINDOW);
      double f0 = pitch(audio, start);
      if (!Double.isNaN(f0)) {
        f0s.add(f0);
      }
    }
    double[] sorted = frameEnergies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    // Loudness over the loudest half of the windows: the speech, not the pre-roll and pauses.
    double sum = 0;
    int n = 0;
    for (int i = sorted.length / 2; i < sorted.length; i++) {
      sum += sorted[i];
      n++;
    }
    double rms = Math.sqrt(sum / Math.max(1, n));
    double rmsDb = rms <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / 32768.0);
    double peakDb = peak <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(peak / 32768.0);
    double medianF0 = Double.NaN;
    double range = Double.NaN;
    if (f0s.size() >= 3) {
      double[] p = f0s.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      medianF0 = p[p.length / 2];
      range = p[(int) (p.length * 0.9)] - p[(int) (p.length * 0.1)];
    }
    double durationMs = audio.length * 1000.0 / RATE;
    double voicedMs = Math.max(1, n) * HOP * 1000.0 / RATE;
    double wps = words > 0 ? words / (voicedMs / 1000.0) : Double.NaN;
    return new UtteranceFeatures(rmsDb, peakDb, medianF0, range, durationMs, wps);
  }

  /** F0 of one window by normalised autocorrelation, NaN when unvoiced. */
  static double pitch(short[] a, int start) {
    double energy = 0;
    for (int i = start; i < start + WINDOW; i++) {
      energy += (double) a[i] * a[i];
    }
    if (energy / WINDOW < 100 * 100) {
      return Double.NaN;
    }
    double best = 0;
    int bestLag = -1;
    for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
      double num = 0;
      double e1 = 0;
      double e2 = 0;
      for (int i = start; i + lag < start + WINDOW; i++) {
        num += (double) a[i] * a[i + lag];
        e1 += (double) a[i] * a[i];
        e2 += (double) a[i + lag] * a[i + lag];
      }
      double r = num / Math.sqrt(e1 * e2 + 1e-9);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    return best >= VOICING && bestLag > 0 ? (double) RATE / bestLag : Double.NaN;
  }

}
