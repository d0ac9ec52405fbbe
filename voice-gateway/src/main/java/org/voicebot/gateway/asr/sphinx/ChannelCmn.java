package org.voicebot.gateway.asr.sphinx;

import edu.cmu.sphinx.frontend.BaseDataProcessor;
import edu.cmu.sphinx.frontend.Data;
import edu.cmu.sphinx.frontend.DataProcessingException;
import edu.cmu.sphinx.frontend.DataStartSignal;
import edu.cmu.sphinx.frontend.DoubleData;
import java.util.Arrays;

/**
 * Cepstral mean normalisation whose running mean belongs to the call, in place of Sphinx4's {@code LiveCMN}.
 *
 * <p>{@code LiveCMN} keeps one running mean per front end and never resets it. With decoders pooled across
 * calls, an utterance was normalised with the mean of whatever that decoder heard before, often another
 * caller's line: the same audio decoded differently from run to run ("agent" heard in one suite run and
 * rejected in the next), and a decoder's first utterance waited for 2 s of audio before any frame was
 * normalised. Here a call's first utterance starts from {@link #TELEPHONE_PRIOR} and each later one from
 * the estimate the call's earlier speech left ({@link Channel}, owned by the call's recognition stream), so
 * a result depends only on the call's own audio.
 *
 * <p>The estimate is a prior-weighted running mean, as pocketsphinx's prior CMN: the prior counts as
 * {@link #PRIOR_FRAMES} frames, each frame is normalised with the mean of the prior and the frames before
 * it, and the sum is scaled back once it holds {@link #MAX_FRAMES} frames so the estimate follows a caller
 * who moves. It only works on audio that went through {@link TelephoneBand} (band and noise floor), as the
 * prior was measured that way.
 */
public final class ChannelCmn extends BaseDataProcessor {
    /**
     * Mean cepstrum (13 coefficients of this front end at 8 kHz) of telephone speech as the decoder gets it
     * ({@link SphinxRecognizer#prepare}: telephone band, levelled to {@link SphinxRecognizer#DECODING_RMS_DBFS},
     * line-noise floor), with the endpointer's silences around it. Measured by {@code CmnPriorMeasurement}
     * (test sources) over Asterisk's human prompts (asterisk-core-sounds-en-wav), not over the caller phrases
     * of any test (352 prompts, 123 241 frames); rerun it when the front end or {@link TelephoneBand} changes.
     * Far from the acoustic model's own {@code -cmninit} (41.00, -5.29, ...): the model's filter bank reaches
     * 6.8 kHz and a phone line stops at 4 kHz, so the upper filters see almost nothing.
     */
    static final double[] TELEPHONE_PRIOR = {
        40.68, 72.32, -85.64, 80.85, -55.89, 0.69, 10.25, -48.65, 37.74, -42.46, 7.64, -12.00, -10.99
    };
    /** Weight of the prior, in frames (10 ms): about one short answer. */
    static final int PRIOR_FRAMES = 100;
    /** Most frames the estimate remembers: about 5 s of speech (a long utterance follows a caller who moves). */
    static final int MAX_FRAMES = 500;

    private Channel channel = new Channel();
    private Channel next;

    /**
     * The estimate the next utterance (stream) is normalised with and updates; without one it starts from the
     * prior. One decode at a time per front end.
     */
    void use(Channel channel) {
        this.next = channel;
    }

    @Override
    public Data getData() throws DataProcessingException {
        Data data = getPredecessor().getData();
        if (data instanceof DoubleData frame) {
            channel.normalise(frame.getValues());
        } else if (data instanceof DataStartSignal) {
            channel = next != null ? next : new Channel();
            next = null;
        }
        return data;
    }

    /** The line as the decoder sees it during one utterance: a running sum of cepstra and its frame count. */
    public static final class Channel {
        private final double[] sum;
        private double frames;
        private final double maxFrames;

        /** A line nothing has been heard on: the telephone prior. */
        public Channel() {
            this(TELEPHONE_PRIOR, PRIOR_FRAMES, MAX_FRAMES);
        }

        /**
         * A line starting from {@code prior} worth {@code priorFrames} frames, remembering at most {@code maxFrames}
         * (a prior of ~0 frames and no limit makes the plain mean of everything normalised: how the prior is measured).
         */
        Channel(double[] prior, double priorFrames, double maxFrames) {
            if (!(priorFrames > 0) || maxFrames < priorFrames) {
                throw new IllegalArgumentException("need 0 < priorFrames <= maxFrames: " + priorFrames + ", " + maxFrames);
            }
            this.sum = new double[prior.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = prior[i] * priorFrames;
            }
            this.frames = priorFrames;
            this.maxFrames = maxFrames;
        }

        private Channel(Channel other) {
            this.sum = other.sum.clone();
            this.frames = other.frames;
            this.maxFrames = other.maxFrames;
        }

        /** A copy to decode one utterance with (the call's next utterance may start before this one is decoded). */
        public synchronized Channel copy() {
            return new Channel(this);
        }

        /** Takes over the estimate an utterance ended with. */
        public synchronized void set(Channel after) {
            System.arraycopy(after.sum, 0, sum, 0, sum.length); // after: the decode's own copy, done with
            frames = after.frames;
        }

        /** The current mean cepstrum. */
        public double[] mean() {
            double[] m = new double[sum.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = sum[i] / frames;
            }
            return m;
        }

        /** Frames of data (the prior's included) behind the estimate. */
        public double frames() {
            return frames;
        }

        void normalise(double[] cepstrum) {
            if (cepstrum.length != sum.length) {
                throw new IllegalStateException("the front end gives " + cepstrum.length
                        + " cepstral coefficients, the channel estimate has " + sum.length);
            }
            for (int i = 0; i < cepstrum.length; i++) {
                double c = cepstrum[i];
                cepstrum[i] = c - sum[i] / frames; // the mean of what came before this frame
                sum[i] += c;
            }
            frames++;
            if (frames > maxFrames) { // forget slowly: a caller who moves to a noisier room is followed
                double scale = maxFrames / frames;
                for (int i = 0; i < sum.length; i++) {
                    sum[i] *= scale;
                }
                frames = maxFrames;
            }
        }

        @Override
        public String toString() {
            return "Channel" + Arrays.toString(mean()) + " over " + frames + " frames";
        }
    }
}
