package org.voicebot.gateway.asr;

import org.voicebot.gateway.tts.Pcm;

/**
 * Brings an utterance's speech to one level before decoding, so a quiet and a loud line look alike to a
 * recognizer. The level is measured over active speech only (10 ms frames above {@link #ACTIVE_DBFS}), so
 * the pauses and the endpointer's padding do not count; below that nothing is scaled (no speech to level).
 */
public final class SpeechLevel {
    /** Frames quieter than this are not speech for the measurement. */
    public static final double ACTIVE_DBFS = -55.0;

    private SpeechLevel() {
    }

    /**
     * {@code pcm} (8 kHz or any rate; measured in 80-sample frames) scaled so its active speech is at
     * {@code targetDbfs} RMS, with at most {@code maxGainDb} of gain; returned as is when the change would
     * be under 1 dB or there is no active speech. Samples are clipped to 16 bits.
     */
    public static short[] normalise(short[] pcm, double targetDbfs, double maxGainDb) {
        double sum = 0;
        long n = 0;
        double active = 32768.0 * 32768.0 * Math.pow(10, ACTIVE_DBFS / 10);
        for (int f = 0; f + 80 <= pcm.length; f += 80) {
            double e = 0;
            for (int i = f; i < f + 80; i++) {
                e += (double) pcm[i] * pcm[i];
            }
            if (e / 80 > active) {
                sum += e;
                n += 80;
            }
        }
        if (n == 0) {
            return pcm;
        }
        double rmsDb = 10 * Math.log10(sum / n / (32768.0 * 32768.0));
        double gainDb = Math.min(maxGainDb, targetDbfs - rmsDb);
        if (Math.abs(gainDb) < 1) {
            return pcm;
        }
        return Pcm.scale(pcm, Math.pow(10, gainDb / 20));
    }
}
