package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NarrowbandCompensationTest {

    @Test
    void keepingEveryFilterChangesNothing() {
        boolean[] all = new boolean[NarrowbandCompensation.FILTERS];
        Arrays.fill(all, true);
        double[][] a = new NarrowbandCompensation(all).matrix();
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                assertThat(a[i][j]).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void filterCentresFollowSphinxMelScale() {
        assertThat(NarrowbandCompensation.centreHz(0)).isCloseTo(204, within(2.0));
        assertThat(NarrowbandCompensation.centreHz(24)).isBetween(6000.0, 6800.0);
        assertThat(NarrowbandCompensation.centreHz(17)).isBetween(3100.0, 3300.0);
    }

    @Test
    void aSmoothSpectrumIsMappedToItsBandLimitedCepstrum() {
        // a log spectrum the 13 cepstra describe exactly; the phone line zeroes its upper filters
        double[][] ld = NarrowbandCompensation.cepstralTransform();
        double[][] pinv = NarrowbandCompensation.pseudoInverse(ld);
        Random r = new Random(1);
        double[] c = new double[13];
        for (int i = 0; i < 13; i++) {
            c[i] = r.nextGaussian();
        }
        double[] x = new double[25];
        for (int j = 0; j < 25; j++) {
            for (int i = 0; i < 13; i++) {
                x[j] += pinv[j][i] * c[i];
            }
        }
        NarrowbandCompensation nb = NarrowbandCompensation.forBand(0, 3500);
        float[] mean = new float[39];
        for (int i = 0; i < 13; i++) {
            mean[i] = (float) c[i];
        }
        nb.mean(mean);
        for (int i = 0; i < 13; i++) {
            double expected = 0;
            for (int j = 0; j < 25; j++) {
                expected += NarrowbandCompensation.centreHz(j) <= 3500 ? ld[i][j] * x[j] : 0;
            }
            assertThat((double) mean[i]).isCloseTo(expected, within(1e-4));
        }
        for (int i = 13; i < 39; i++) {
            assertThat(mean[i]).isZero(); // zero deltas stay zero
        }
    }
}
