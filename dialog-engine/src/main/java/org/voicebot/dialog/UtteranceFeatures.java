package org.voicebot.dialog;

/**
 * Acoustic measurements of one caller utterance, made by the gateway on the raw 8 kHz audio. NaN
 * means "not measured" (for example no pitch found, or no word timings for the speaking rate).
 */
public record UtteranceFeatures(
    double rmsDbfs, double peakDbfs, double medianF0Hz, double f0RangeHz, double durationMs, double wordsPerSecond) {

  public static final UtteranceFeatures NONE =
      new UtteranceFeatures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
