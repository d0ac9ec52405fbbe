package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpsamplerTest {

    private static short[] tone(double hz, int rate, int n, double amplitude) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Power of one frequency by correlation with a sine and a cosine over a whole number of periods. */
    private static double power(short[] s, int from, int to, double hz, int rate) {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            re += s[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += s[i] * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return (re * re + im * im) / Math.pow(to - from, 2);
    }

    @Test
    void aToneKeepsItsFrequencyAndLevelAndItsImageIsFarDown() {
        Upsampler up = new Upsampler(2);
        short[] out = up.process(tone(1000, 8000, 8000, 10000));
        assertThat(out).hasSize(16000);
        int from = 1000;
        int to = 15000;
        double wanted = power(out, from, to, 1000, 16000);
        double image = power(out, from, to, 7000, 16000); // zero-stuffing mirrors 1 kHz to 8 - 1 = 7 kHz
        double expected = Math.pow(10000 / 2.0, 2);
        assertThat(wanted / expected).isBetween(0.9, 1.1);
        assertThat(10 * Math.log10(image / wanted)).isLessThan(-60);
    }

    @Test
    void frameByFrameGivesTheSameAsAllAtOnce() {
        short[] in = tone(440, 8000, 1600, 8000);
        short[] whole = new Upsampler(2).process(in);
        Upsampler streaming = new Upsampler(2);
        short[] pieces = new short[whole.length];
        for (int f = 0; f < 10; f++) {
            short[] frame = java.util.Arrays.copyOfRange(in, f * 160, f * 160 + 160);
            System.arraycopy(streaming.process(frame), 0, pieces, f * 320, 320);
        }
        assertThat(pieces).isEqualTo(whole);
    }

    @Test
    void fullScaleInputIsClippedNotWrapped() {
        short[] square = new short[800];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 20) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        Upsampler up = new Upsampler(2);
        short[] out = up.process(square);
        // The filter rings past full scale inside each plateau; saturated, every sample there keeps the
        // plateau's sign (a wrapped one would flip it).
        for (int m = 200; m < out.length; m++) {
            double t = (m - up.delay()) / 2.0; // the input time this output sample stands for
            double inPlateau = t % 20;
            if (inPlateau > 4 && inPlateau < 16) {
                int sign = ((int) (t / 20)) % 2 == 0 ? 1 : -1;
                assertThat(Integer.signum(out[m])).as("sample %d", m).isEqualTo(sign);
                assertThat(Math.abs(out[m])).isGreaterThan(30000);
            }
        }
    }
}
