package org.voicebot.gateway.asr.sphinx;

import org.voicebot.gateway.tts.Pcm;

/**
 * A 300-3400 Hz band-pass (4th-order Butterworth high-pass and low-pass, as biquads) every utterance goes
 * through before Sphinx4 sees it.
 *
 * <p>Why: the acoustic model's mel filters reach 6.8 kHz and 8 kHz audio stops at 4 kHz, so the top filters
 * of this front end see only the shape of the line's upper band edge, and that shape differs from source
 * to source (a G.711 line rolls off near 3.4 kHz, the bot's own 48-to-8 kHz converter at 3.8 kHz, a studio
 * recording at 4 kHz). Those filters dominate the cepstral mean: measured, the mean of the same prompts
 * moved by up to 36 units on one coefficient when they were band-limited. Putting every source through the
 * same telephone band makes the upper edge identical, so one cepstral prior ({@link ChannelCmn}) fits
 * every line. Stateful: one instance per utterance (or per stream), not thread-safe.
 */
final class TelephoneBand {
    static final double LOW_HZ = 300;
    static final double HIGH_HZ = 3400;
    /** Butterworth 4th order as two biquads: the two pole pairs' Q. */
    private static final double[] Q = {0.5411961, 1.3065630};

    /**
     * Line noise added after the band-pass, about -70 dBFS RMS: a gap of digital silence (a simulator, a muted
     * leg, a jitter buffer filling in) has log filter-bank energies at the floor, cepstra far from any speech
     * or line noise, and they dragged the running cepstral mean off (measured: with 300 ms of zeros before
     * "agent" the utterance's own mean was 38 units from the prior on c0). Real lines always carry some noise.
     * Deterministic (fixed seed per utterance), so the same audio decodes the same.
     */
    static final double NOISE_RMS = 32768 * Math.pow(10, -70 / 20.0);

    private final Biquad[] stages;
    /** The noise is shaped by the same band as the speech: a line's hiss comes through the same channel. */
    private final Biquad[] noiseStages;
    private final java.util.SplittableRandom noise = new java.util.SplittableRandom(0x5EED);

    TelephoneBand(int sampleRate) {
        stages = band(sampleRate);
        noiseStages = band(sampleRate);
    }

    private static Biquad[] band(int sampleRate) {
        return new Biquad[] {
            Biquad.highPass(sampleRate, LOW_HZ, Q[0]), Biquad.highPass(sampleRate, LOW_HZ, Q[1]),
            Biquad.lowPass(sampleRate, HIGH_HZ, Q[0]), Biquad.lowPass(sampleRate, HIGH_HZ, Q[1])
        };
    }

    /** Filters {@code pcm} (continuing from the previous call's state) into a new array, clipped to 16 bits. */
    short[] filter(short[] pcm) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            double x = pcm[i];
            for (Biquad b : stages) {
                x = b.next(x);
            }
            out[i] = Pcm.clip(x);
        }
        return out;
    }

    /**
     * Adds the line noise ({@link #NOISE_RMS} white noise through the telephone band) to {@code pcm} in place;
     * call after levelling, so its level is fixed.
     */
    void addLineNoise(short[] pcm) {
        for (int i = 0; i < pcm.length; i++) {
            // sum of three uniforms: close enough to Gaussian, RMS = NOISE_RMS
            double n = (noise.nextDouble() + noise.nextDouble() + noise.nextDouble() - 1.5) * 2 * NOISE_RMS;
            for (Biquad b : noiseStages) {
                n = b.next(n);
            }
            pcm[i] = Pcm.clip(pcm[i] + n);
        }
    }

    /** One second-order section, direct form I (coefficients from the RBJ audio EQ cookbook). */
    private static final class Biquad {
        private final double b0;
        private final double b1;
        private final double b2;
        private final double a1;
        private final double a2;
        private double x1;
        private double x2;
        private double y1;
        private double y2;

        private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
            this.b0 = b0 / a0;
            this.b1 = b1 / a0;
            this.b2 = b2 / a0;
            this.a1 = a1 / a0;
            this.a2 = a2 / a0;
        }

        static Biquad lowPass(int rate, double hz, double q) {
            double w = 2 * Math.PI * hz / rate;
            double alpha = Math.sin(w) / (2 * q);
            double c = Math.cos(w);
            return new Biquad((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
        }

        static Biquad highPass(int rate, double hz, double q) {
            double w = 2 * Math.PI * hz / rate;
            double alpha = Math.sin(w) / (2 * q);
            double c = Math.cos(w);
            return new Biquad((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
        }

        double next(double x) {
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
