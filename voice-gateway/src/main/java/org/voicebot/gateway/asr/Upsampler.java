package org.voicebot.gateway.asr;

import org.voicebot.gateway.tts.Pcm;

/**
 * Raises 8 kHz telephone audio by a whole factor (normally 2, for 16 kHz Vosk and Moonshine models): zero-stuffing and
 * a Blackman-windowed sinc low-pass at 4 kHz, run as a polyphase filter. Streaming: it keeps the last
 * input samples, so feeding an utterance frame by frame gives the same output as feeding it at once. The
 * output has nothing above 4 kHz, just as telephone audio upsampled by Kaldi itself. Not thread-safe.
 */
public final class Upsampler {
    /** Filter taps per output phase; 32 gives a transition band of about 1.4 kHz around 4 kHz at 16 kHz. */
    private static final int TAPS_PER_PHASE = 32;

    private final int factor;
    private final double[] taps;
    private final double[] history = new double[TAPS_PER_PHASE - 1];

    public Upsampler(int factor) {
        if (factor < 2) {
            throw new IllegalArgumentException("factor must be >= 2: " + factor);
        }
        this.factor = factor;
        int n = TAPS_PER_PHASE * factor;
        taps = new double[n];
        double fc = 0.5 / factor; // cycles per output sample: the input's Nyquist frequency
        double centre = (n - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            double t = i - centre;
            double sinc = t == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)) + 0.08 * Math.cos(4 * Math.PI * i / (n - 1));
            taps[i] = factor * sinc * w; // gain L restores the level that zero-stuffing divides by L
        }
    }

    public int factor() {
        return factor;
    }

    /** Delay the filter adds, in output samples. */
    public int delay() {
        return (taps.length - 1) / 2;
    }

    public short[] process(short[] in) {
        int h = history.length;
        double[] ext = new double[h + in.length];
        System.arraycopy(history, 0, ext, 0, h);
        for (int i = 0; i < in.length; i++) {
            ext[h + i] = in[i];
        }
        short[] out = new short[in.length * factor];
        for (int k = 0; k < in.length; k++) {
            for (int p = 0; p < factor; p++) {
                double sum = 0;
                for (int j = 0; j < TAPS_PER_PHASE; j++) {
                    sum += taps[p + factor * j] * ext[h + k - j];
                }
                out[k * factor + p] = Pcm.clip(sum);
            }
        }
        System.arraycopy(ext, ext.length - h, history, 0, h);
        return out;
    }

    public void reset() {
        java.util.Arrays.fill(history, 0);
    }
}
