package org.voicebot.dialog.frustration;

import org.voicebot.dialog.UtteranceFeatures;

/**
 * The caller's own normal voice: running means of loudness, pitch, pitch range and speaking rate over
 * earlier utterances that did not stand out. Each feature keeps its own count because the gateway may
 * not measure every feature every time (NaN).
 */
public record AcousticBaseline(int rmsCount, double rmsDbfs, int f0Count, double medianF0Hz, int rangeCount,
    double f0RangeHz, int rateCount, double wordsPerSecond) {

  public static final AcousticBaseline EMPTY = new AcousticBaseline(0, 0, 0, 0, 0, 0, 0, 0);

  /** This baseline with {@code f} averaged in (NaN features are skipped). */
  public AcousticBaseline with(UtteranceFeatures f) {
    if (f == null) {
      return this;
    }
    int rc = rmsCount;
    double r = rmsDbfs;
    if (Double.isFinite(f.rmsDbfs())) {
      r = (r * rc + f.rmsDbfs()) / (rc + 1);
      rc++;
    }
    int fc = f0Count;
    double f0 = medianF0Hz;
    if (Double.isFinite(f.medianF0Hz()) && f.medianF0Hz() > 0) {
      f0 = (f0 * fc + f.medianF0Hz()) / (fc + 1);
      fc++;
    }
    int gc = rangeCount;
    double g = f0RangeHz;
    if (Double.isFinite(f.f0RangeHz()) && f.f0RangeHz() > 0) {
      g = (g * gc + f.f0RangeHz()) / (gc + 1);
      gc++;
    }
    int wc = rateCount;
    double w = wordsPerSecond;
    if (Double.isFinite(f.wordsPerSecond()) && f.wordsPerSecond() > 0) {
      w = (w * wc + f.wordsPerSecond()) / (wc + 1);
      wc++;
    }
    return new AcousticBaseline(rc, r, fc, f0, gc, g, wc, w);
  }
}
