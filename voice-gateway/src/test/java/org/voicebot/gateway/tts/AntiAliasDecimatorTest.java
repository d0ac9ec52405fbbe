package org.voicebot.gateway.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AntiAliasDecimatorTest {

    /** More than the filter's half-length (95 input samples = 16 output samples): skip transients. */
    private static final int SKIP_IN = 480;
    private static final int SKIP_OUT = 80;

    private static double gain48kTo8k(double hz) {
        short[] in = Signals.sine(hz, 48000, 1.0, 0.5);
        short[] out = AntiAliasDecimator.FROM_48K.decimate(in);
        return Signals.gainDb(in, SKIP_IN, out, SKIP_OUT);
    }

    @Test
    void defaultDecimatorShape() {
        AntiAliasDecimator d = AntiAliasDecimator.FROM_48K;
        assertThat(d.taps()).isEqualTo(191);
        assertThat(d.factor()).isEqualTo(6);
        assertThat(d.targetRate()).isEqualTo(8000);
        assertThat(d.cutoffHz()).isBetween(3500.0, 4000.0);
        double[] h = d.coefficients();
        double sum = 0;
        for (int i = 0; i < h.length; i++) {
            sum += h[i];
            assertThat(h[i]).isCloseTo(h[h.length - 1 - i], within(1e-12));   // linear phase
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void sixKilohertzIsRemovedNotAliased() {
        assertThat(gain48kTo8k(6000)).isLessThanOrEqualTo(-40.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {4600, 5000, 7000, 9000, 12000, 20000})
    void everythingThatWouldAliasIntoTheVoiceBandIsAttenuated(double hz) {
        assertThat(gain48kTo8k(hz)).isLessThanOrEqualTo(-40.0);
    }

    @Test
    void naiveSampleDroppingWouldFailTheSameMeasurement() {
        // proves the measurement detects aliasing: keeping every 6th sample folds 6 kHz to 2 kHz at full level
        short[] in = Signals.sine(6000, 48000, 1.0, 0.5);
        short[] naive = new short[in.length / 6];
        for (int i = 0; i < naive.length; i++) {
            naive[i] = in[i * 6 + 1];
        }
        assertThat(Signals.gainDb(in, SKIP_IN, naive, SKIP_OUT)).isGreaterThan(-1.0);
    }

    @Test
    void oneKilohertzPassesWithinOneDb() {
        assertThat(gain48kTo8k(1000)).isCloseTo(0.0, within(1.0));
    }

    @Test
    void telephoneBandEdgePassesWithinThreeDb() {
        assertThat(gain48kTo8k(3400)).isGreaterThanOrEqualTo(-3.0).isLessThanOrEqualTo(0.5);
        assertThat(gain48kTo8k(300)).isCloseTo(0.0, within(0.5));
    }

    @Test
    void magnitudeResponseAgreesWithMeasurement() {
        AntiAliasDecimator d = AntiAliasDecimator.FROM_48K;
        assertThat(d.magnitudeDb(0)).isCloseTo(0.0, within(1e-6));
        assertThat(d.magnitudeDb(1000)).isCloseTo(gain48kTo8k(1000), within(0.2));
        assertThat(d.magnitudeDb(3400)).isCloseTo(gain48kTo8k(3400), within(0.2));
        assertThat(d.magnitudeDb(6000)).isLessThan(-60.0);
    }

    @Test
    void outputIsTimeAlignedAndSizedByFactor() {
        short[] in = new short[4801];
        in[2400] = 30000;                       // impulse at input 2400 = output 400
        short[] out = AntiAliasDecimator.FROM_48K.decimate(in);
        assertThat(out).hasSize(801);
        int argMax = 0;
        for (int i = 0; i < out.length; i++) {
            if (Math.abs(out[i]) > Math.abs(out[argMax])) {
                argMax = i;
            }
        }
        assertThat(argMax).isEqualTo(400);
        assertThat(AntiAliasDecimator.FROM_48K.decimate(new short[0])).isEmpty();
        assertThat(AntiAliasDecimator.FROM_48K.decimate(new short[6])).hasSize(1);
        assertThat(AntiAliasDecimator.FROM_48K.decimate(new short[7])).hasSize(2);
    }

    @Test
    void fullScaleInputIsClippedNotWrapped() {
        short[] in = new short[4800];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) ((i / 240) % 2 == 0 ? 32767 : -32768);   // 100 Hz full-scale square: overshoots
        }
        short[] out = AntiAliasDecimator.FROM_48K.decimate(in);
        // a wrapped overshoot would flip sign; check that every output on a +plateau is positive
        for (int m = 10; m < out.length - 10; m++) {
            int phase = (m * 6) % 480;
            if (phase > 60 && phase < 180) {
                assertThat(out[m]).isPositive();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16000, 44100, 22050, 11025, 32000, 12000, 6000})
    void resampleKeepsOneKilohertzToneFrequencyAndLevel(int rate) {
        short[] in = Signals.sine(1000, rate, 1.0, 0.5);
        short[] out = AntiAliasDecimator.resampleTo8k(in, rate);
        assertThat(out.length).isBetween(7999, 8001);
        assertThat(Signals.zeroCrossingHz(out, 8000, 100)).isCloseTo(1000.0, within(2.0));
        assertThat(Signals.gainDb(in, rate / 50, out, 160)).isCloseTo(0.0, within(0.5));
        // nearly all power at 1 kHz (no images / distortion)
        double atTone = Signals.goertzelPower(out, 160, 8000 - 160, 1000, 8000);
        double total = Signals.meanSquare(out, 160, 8000 - 160);
        assertThat(atTone / total).isGreaterThan(0.99);
    }

    @ParameterizedTest
    @ValueSource(ints = {44100, 22050, 16000, 96000})
    void resampleRemovesContentAboveTelephoneBand(int rate) {
        double hz = Math.min(6000, rate * 0.45);
        short[] in = Signals.sine(hz, rate, 1.0, 0.5);
        short[] out = AntiAliasDecimator.resampleTo8k(in, rate);
        assertThat(Signals.gainDb(in, rate / 50, out, 160)).isLessThanOrEqualTo(-40.0);
    }

    @Test
    void resampleFrom8kIsACopy() {
        short[] in = Signals.sine(1000, 8000, 0.1, 0.5);
        short[] out = AntiAliasDecimator.resampleTo8k(in, 8000);
        assertThat(out).isEqualTo(in).isNotSameAs(in);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new AntiAliasDecimator(48000, 6, 190, 3800)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AntiAliasDecimator(48000, 6, 191, 4100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AntiAliasDecimator.resampleTo8k(new short[10], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
