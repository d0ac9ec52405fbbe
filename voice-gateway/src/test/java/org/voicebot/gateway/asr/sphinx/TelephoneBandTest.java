package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelephoneBandTest {
    private static short[] tone(double hz, double dbfs, int samples) {
        double a = 32768 * Math.pow(10, dbfs / 20);
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(a * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return out;
    }

    /** RMS in dBFS of the second half (after the filters settle). */
    private static double rmsDb(short[] pcm) {
        double sum = 0;
        int n = 0;
        for (int i = pcm.length / 2; i < pcm.length; i++) {
            sum += (double) pcm[i] * pcm[i];
            n++;
        }
        return 10 * Math.log10(sum / n / (32768.0 * 32768.0));
    }

    @Test
    void speechFrequenciesPassTheEdgesAreCut() {
        double in = rmsDb(tone(1000, -20, 8000));
        assertThat(rmsDb(new TelephoneBand(8000).filter(tone(1000, -20, 8000)))).isCloseTo(in, org.assertj.core.data.Offset.offset(0.5));
        assertThat(rmsDb(new TelephoneBand(8000).filter(tone(100, -20, 8000)))).isLessThan(in - 20); // hum
        assertThat(rmsDb(new TelephoneBand(8000).filter(tone(3900, -20, 8000)))).isLessThan(in - 10); // above a G.711 line
    }

    @Test
    void theLineNoiseFloorIsQuietBandLimitedAndTheSameEveryTime() {
        short[] a = new short[16000];
        new TelephoneBand(8000).addLineNoise(a);
        short[] b = new short[16000];
        new TelephoneBand(8000).addLineNoise(b);
        assertThat(a).containsExactly(b); // the same audio decodes the same
        assertThat(rmsDb(a)).isBetween(-76.0, -68.0);
        short[] speech = tone(1000, -16, 16000);
        short[] noisy = speech.clone();
        new TelephoneBand(8000).addLineNoise(noisy);
        assertThat(rmsDb(noisy)).isCloseTo(rmsDb(speech), org.assertj.core.data.Offset.offset(0.01));
    }
}
