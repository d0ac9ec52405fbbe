package org.voicebot.testcalls.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.voicebot.gateway.tts.AntiAliasDecimator;
import org.voicebot.gateway.tts.Pcm;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.gateway.tts.SynthesisException;
import org.voicebot.gateway.tts.Voice;

/**
 * The simulated caller's voice: text rendered with a different rendering of MaryTTS than the bot's
 * own ({@link Voice#CALLER}), or a WAV file resampled to 8 kHz; with gain, clipped to 16 bits.
 */
final class CallerVoice {

  private final SpeechSynthesizer tts;
  private final Map<String, short[]> cache = new ConcurrentHashMap<>();

  CallerVoice(SpeechSynthesizer tts) {
    this.tts = tts;
  }

  /**
   * Speech level of a normal caller on a phone line: about -20 dBm0, i.e. -23 dBFS RMS. MaryTTS renders
   * near full scale (peaks at -2 dBFS), which left no headroom for a shouting caller's +12 dB: the audio
   * clipped into noise instead of sounding loud.
   */
  static final double CALLER_RMS_DBFS = -23.0;

  short[] say(String text) {
    return cache.computeIfAbsent(text, t -> {
      try {
        return toLineLevel(tts.synthesize(t, Voice.CALLER));
      } catch (SynthesisException e) {
        throw new IllegalStateException("the caller's voice could not say \"" + t + "\": " + e.getMessage(), e);
      }
    });
  }

  short[] file(Path wav) {
    try {
      Pcm.Audio a = Pcm.readWav(wav);
      return a.sampleRate() == 8000 ? a.samples() : AntiAliasDecimator.resampleTo8k(a.samples(), a.sampleRate());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + wav + ": " + e.getMessage(), e);
    }
  }

  /** Scales speech so its active level (frames louder than -50 dBFS) is {@link #CALLER_RMS_DBFS}. */
  static short[] toLineLevel(short[] pcm) {
    double sum = 0;
    long n = 0;
    for (int f = 0; f + 160 <= pcm.length; f += 160) {
      double e = 0;
      for (int i = f; i < f + 160; i++) {
        e += (double) pcm[i] * pcm[i];
      }
      if (10 * Math.log10(e / 160 / (32768.0 * 32768.0) + 1e-12) > -50) {
        sum += e;
        n += 160;
      }
    }
    if (n == 0) {
      return pcm;
    }
    double rmsDb = 10 * Math.log10(sum / n / (32768.0 * 32768.0));
    return gain(pcm, CALLER_RMS_DBFS - rmsDb);
  }

  static short[] gain(short[] pcm, double db) {
    if (db == 0) {
      return pcm;
    }
    double g = Math.pow(10, db / 20);
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(pcm[i] * g)));
    }
    return out;
  }
}
