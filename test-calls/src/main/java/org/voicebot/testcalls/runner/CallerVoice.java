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
  private final Map<Path, short[]> files = new ConcurrentHashMap<>();

  CallerVoice(SpeechSynthesizer tts) {
    this.tts = tts;
  }

  short[] say(String text) {
    return cache.computeIfAbsent(text, t -> {
      try {
        return tts.synthesize(t, Voice.CALLER);
      } catch (SynthesisException e) {
        throw new IllegalStateException("the caller's voice could not say \"" + t + "\": " + e.getMessage(), e);
      }
    });
  }

  short[] file(Path wav) {
    return files.computeIfAbsent(wav.toAbsolutePath().normalize(), CallerVoice::read);
  }

  /** Distinct phrases and files held in memory. */
  int cached() {
    return cache.size() + files.size();
  }

  private static short[] read(Path wav) {
    try {
      Pcm.Audio a = Pcm.readWav(wav);
      return a.sampleRate() == 8000 ? a.samples() : AntiAliasDecimator.resampleTo8k(a.samples(), a.sampleRate());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + wav + ": " + e.getMessage(), e);
    }
  }

  static short[] gain(short[] pcm, double db) {
    if (db == 0) {
      return pcm;
    }
    return Pcm.scale(pcm, Math.pow(10, db / 20));
  }

  /** Milliseconds of whole 20 ms frames at the start that a listener would call silent ({@link BotEar#SOUND_PEAK}). */
  static long leadingSilenceMs(short[] pcm) {
    int frames = 0;
    for (int off = 0; off < pcm.length && silent(pcm, off); off += FRAME) {
      frames++;
    }
    return frames * 20L;
  }

  /** Milliseconds of whole 20 ms frames at the end that a listener would call silent. */
  static long trailingSilenceMs(short[] pcm) {
    int frames = 0;
    int last = ((pcm.length + FRAME - 1) / FRAME - 1) * FRAME;
    for (int off = last; off >= 0 && silent(pcm, off); off -= FRAME) {
      frames++;
    }
    return frames * 20L;
  }

  private static final int FRAME = 160;

  private static boolean silent(short[] pcm, int off) {
    int end = Math.min(pcm.length, off + FRAME);
    for (int i = off; i < end; i++) {
      if (Math.abs(pcm[i]) > BotEar.SOUND_PEAK) {
        return false;
      }
    }
    return true;
  }
}
