package org.voicebot.gateway.tts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate reduction to telephone rate.
 *
 * <p>An instance is a windowed-sinc (Kaiser) FIR low-pass followed by decimation by an integer
 * factor, e.g. MaryTTS's 48 kHz to 8 kHz ({@link #FROM_48K}: 191 taps, cut-off 3.8 kHz). The filter
 * is applied zero-phase over a whole buffer (centred taps, zero padding at the edges), so the output
 * is time-aligned with the input: output sample {@code m} corresponds to input sample
 * {@code m * factor}. {@code javax.sound}'s own rate conversion does no anti-aliasing at all (a
 * 6 kHz tone comes through at full level as a 2 kHz alias); this class is the fix.
 *
 * <p>{@link #resampleTo8k(short[], int)} handles any source rate: integer ratios go through a
 * cached decimator, other ratios (11.025, 22.05, 44.1 kHz, ...) through a cached polyphase
 * rational resampler built on the same windowed-sinc kernel.
 *
 * <p>Instances are immutable (taps precomputed in the constructor) and thread-safe.
 */
public final class AntiAliasDecimator {

    /** Telephone sample rate produced by {@link #resampleTo8k(short[], int)}. */
    public static final int TELEPHONE_RATE = 8000;
    /** Default filter length for 48 kHz input. */
    public static final int DEFAULT_TAPS = 191;
    /** Default cut-off (-6 dB point) for 8 kHz output: a bit under the 4 kHz Nyquist frequency. */
    public static final double DEFAULT_CUTOFF_HZ = 3800.0;
    /**
     * Kaiser window shape. Beta 7 gives about 70 dB stop-band attenuation and, with 191 taps at
     * 48 kHz, a transition band of about 1.1 kHz around the cut-off (roughly 3.3 to 4.4 kHz).
     */
    static final double KAISER_BETA = 7.0;
    /** Phase-table resolution cap for odd rational ratios (e.g. 44101 Hz would need 8000 phases). */
    private static final int MAX_PHASES = 1024;
    /** Kernel half-length in seconds, matching {@link #DEFAULT_TAPS} at 48 kHz (95 samples). */
    private static final double KERNEL_HALF_SECONDS = 95.0 / 48000.0;

    /** MaryTTS output (48 kHz) to 8 kHz. */
    public static final AntiAliasDecimator FROM_48K = new AntiAliasDecimator(48000, 6);

    private static final Map<Integer, Polyphase> RESAMPLERS = new ConcurrentHashMap<>();

    private final int sourceRate;
    private final int factor;
    private final double cutoffHz;
    private final Polyphase fir;

    /**
     * Decimator from {@code sourceRate} by {@code factor} with {@link #DEFAULT_TAPS} taps scaled to
     * the source rate (191 at 48 kHz) and a cut-off at 95% of the output Nyquist frequency.
     */
    public AntiAliasDecimator(int sourceRate, int factor) {
        this(sourceRate, factor, oddTapsFor(sourceRate), 0.475 * sourceRate / factor);
    }

    /**
     * @param sourceRate input sample rate in Hz
     * @param factor     integer decimation factor (output rate = sourceRate / factor)
     * @param taps       odd number of FIR taps
     * @param cutoffHz   low-pass cut-off in Hz, below {@code sourceRate / factor / 2}
     */
    public AntiAliasDecimator(int sourceRate, int factor, int taps, double cutoffHz) {
        if (sourceRate <= 0 || factor < 1) {
            throw new IllegalArgumentException("bad rate/factor: " + sourceRate + "/" + factor);
        }
        if (taps < 3 || taps % 2 == 0) {
            throw new IllegalArgumentException("taps must be odd and >= 3: " + taps);
        }
        if (!(cutoffHz > 0) || cutoffHz > sourceRate / (2.0 * factor)) {
            throw new IllegalArgumentException("cut-off " + cutoffHz + " Hz must be in (0, "
                    + sourceRate / (2.0 * factor) + "]");
        }
        this.sourceRate = sourceRate;
        this.factor = factor;
        this.cutoffHz = cutoffHz;
        this.fir = new Polyphase(1, factor, (taps - 1) / 2, cutoffHz / sourceRate);
    }

    private static int oddTapsFor(int sourceRate) {
        return 2 * halfLengthFor(sourceRate) + 1;
    }

    private static int halfLengthFor(int sourceRate) {
        return Math.max(8, (int) Math.ceil(KERNEL_HALF_SECONDS * sourceRate - 1e-9));
    }

    public int sourceRate() {
        return sourceRate;
    }

    public int factor() {
        return factor;
    }

    public int targetRate() {
        return sourceRate / factor;
    }

    public int taps() {
        return fir.phases[0].length;
    }

    public double cutoffHz() {
        return cutoffHz;
    }

    /** A copy of the filter coefficients (unity DC gain). */
    public double[] coefficients() {
        return fir.phases[0].clone();
    }

    /** Magnitude response of the low-pass at {@code hz} (relative to the source rate), in dB. */
    public double magnitudeDb(double hz) {
        double[] h = fir.phases[0];
        double w = 2 * Math.PI * hz / sourceRate;
        double re = 0;
        double im = 0;
        for (int k = 0; k < h.length; k++) {
            re += h[k] * Math.cos(w * k);
            im -= h[k] * Math.sin(w * k);
        }
        return 20 * Math.log10(Math.hypot(re, im));
    }

    /**
     * Low-pass filters and decimates a whole buffer. Output length is
     * {@code ceil(in.length / factor)}; samples are rounded and clipped to 16 bits.
     */
    public short[] decimate(short[] in) {
        return fir.apply(in);
    }

    /**
     * Resamples mono 16-bit PCM at any rate to 8 kHz with a band-limited (windowed-sinc) filter
     * cutting off at 3.8 kHz (or 95% of the source's own Nyquist frequency if that is lower, when
     * upsampling). Filters are built once per source rate and cached.
     *
     * @return a new array (a copy if {@code sourceRate} is already 8000)
     */
    public static short[] resampleTo8k(short[] pcm, int sourceRate) {
        if (sourceRate <= 0) {
            throw new IllegalArgumentException("sourceRate must be positive: " + sourceRate);
        }
        if (sourceRate == TELEPHONE_RATE) {
            return pcm.clone();
        }
        if (sourceRate == 48000) {
            return FROM_48K.decimate(pcm);
        }
        return RESAMPLERS.computeIfAbsent(sourceRate, AntiAliasDecimator::resamplerFor).apply(pcm);
    }

    private static Polyphase resamplerFor(int sourceRate) {
        int g = gcd(TELEPHONE_RATE, sourceRate);
        int up = TELEPHONE_RATE / g;
        int down = sourceRate / g;
        double cutoffHz = Math.min(DEFAULT_CUTOFF_HZ, 0.475 * sourceRate);
        return new Polyphase(up, down, halfLengthFor(sourceRate), cutoffHz / sourceRate);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Rational resampler by up/down (output rate = input rate * up / down). Output sample m sits at
     * input position m*down/up = n0 + p/up; it is the dot product of a windowed-sinc kernel,
     * sampled at that fractional phase (precomputed for every phase), with inputs n0-K .. n0+K.
     */
    private static final class Polyphase {
        final long up;
        final long down;
        final int half;
        final int phaseCount;
        final double[][] phases;

        Polyphase(int up, int down, int half, double cutoffCyclesPerSample) {
            this.up = up;
            this.down = down;
            this.half = half;
            this.phaseCount = Math.min(up, MAX_PHASES);
            this.phases = new double[phaseCount][];
            double i0Beta = besselI0(KAISER_BETA);
            double windowHalf = half + 1.0;
            for (int p = 0; p < phaseCount; p++) {
                double frac = p / (double) phaseCount;
                double[] h = new double[2 * half + 1];
                double sum = 0;
                for (int j = 0; j < h.length; j++) {
                    double t = j - half - frac;              // input samples from the output instant
                    double r = t / windowHalf;
                    double w = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
                    double x = 2 * cutoffCyclesPerSample * t;
                    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                    h[j] = 2 * cutoffCyclesPerSample * sinc * w;
                    sum += h[j];
                }
                for (int j = 0; j < h.length; j++) {
                    h[j] /= sum;                              // exact unity gain at DC
                }
                phases[p] = h;
            }
        }

        short[] apply(short[] x) {
            int n = x.length;
            if (n == 0) {
                return new short[0];
            }
            int outLen = (int) ((long) (n - 1) * up / down) + 1;
            short[] y = new short[outLen];
            for (int m = 0; m < outLen; m++) {
                long pos = m * down;
                int n0 = (int) (pos / up);
                long rem = pos % up;
                double[] h;
                if (phaseCount == up) {
                    h = phases[(int) rem];
                } else {
                    long q = Math.round(rem * (double) phaseCount / up);
                    if (q == phaseCount) {       // rounds up to the next input sample
                        n0++;
                        q = 0;
                    }
                    h = phases[(int) q];
                }
                int start = n0 - half;
                double acc = 0;
                if (start >= 0 && start + h.length <= n) {
                    for (int j = 0; j < h.length; j++) {
                        acc += h[j] * x[start + j];
                    }
                } else {
                    int jFrom = Math.max(0, -start);
                    int jTo = Math.min(h.length, n - start);
                    for (int j = jFrom; j < jTo; j++) {
                        acc += h[j] * x[start + j];
                    }
                }
                y[m] = Pcm.clip(acc);
            }
            return y;
        }
    }

    /** Zeroth-order modified Bessel function of the first kind (power series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
