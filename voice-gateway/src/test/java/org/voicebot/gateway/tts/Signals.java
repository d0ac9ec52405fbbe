package org.voicebot.gateway.tts;

/** Test signals and measurements. */
final class Signals {

    private Signals() {
    }

    static short[] sine(double hz, int rate, double seconds, double amplitudeFs) {
        short[] s = new short[(int) Math.round(rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitudeFs * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** RMS (linear, in sample units) of pcm[from, length - skipEnd). */
    static double rms(short[] pcm, int skip) {
        double sum = 0;
        int n = 0;
        for (int i = skip; i < pcm.length - skip; i++) {
            sum += (double) pcm[i] * pcm[i];
            n++;
        }
        return Math.sqrt(sum / n);
    }

    /** Output level relative to input level in dB, skipping filter transients at both ends. */
    static double gainDb(short[] in, int inSkip, short[] out, int outSkip) {
        return 20 * Math.log10(rms(out, outSkip) / rms(in, inSkip));
    }

    /** Frequency from positive-going zero crossings over pcm[skip, length - skip). */
    static double zeroCrossingHz(short[] pcm, int rate, int skip) {
        int first = -1;
        int last = -1;
        int count = 0;
        for (int i = skip + 1; i < pcm.length - skip; i++) {
            if (pcm[i - 1] < 0 && pcm[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    count++;
                }
                last = i;
            }
        }
        return count * (double) rate / (last - first);
    }

    /** Power at one frequency (Goertzel), normalised so a full-block sine of amplitude A gives A^2/2. */
    static double goertzelPower(short[] pcm, int from, int to, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = pcm[i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double p = s1 * s1 + s2 * s2 - c * s1 * s2;
        int n = to - from;
        return 2 * p / ((double) n * n);
    }

    static double meanSquare(short[] pcm, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return sum / (to - from);
    }

    /** Median F0 over voiced 40 ms frames by normalised autocorrelation (70-400 Hz); 0 if none. */
    static double medianF0(short[] x, int rate) {
        int frame = rate * 40 / 1000;
        int hop = rate / 100;
        java.util.List<Double> f0s = new java.util.ArrayList<>();
        for (int s = 0; s + frame <= x.length; s += hop) {
            if (meanSquare(x, s, s + frame) < 500.0 * 500.0) {
                continue;
            }
            double best = 0;
            int bestLag = 0;
            for (int lag = rate / 400; lag <= rate / 70; lag++) {
                double c = 0;
                double e1 = 0;
                double e2 = 0;
                for (int i = 0; i + lag < frame; i++) {
                    c += (double) x[s + i] * x[s + i + lag];
                    e1 += (double) x[s + i] * x[s + i];
                    e2 += (double) x[s + i + lag] * x[s + i + lag];
                }
                double r = c / Math.sqrt(e1 * e2 + 1e-9);
                if (r > best) {
                    best = r;
                    bestLag = lag;
                }
            }
            if (best > 0.6) {
                f0s.add(rate / (double) bestLag);
            }
        }
        if (f0s.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(f0s);
        return f0s.get(f0s.size() / 2);
    }
}
