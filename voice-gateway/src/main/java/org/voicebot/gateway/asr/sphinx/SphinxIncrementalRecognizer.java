package org.voicebot.gateway.asr.sphinx;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;

/**
 * The embedded Sphinx4 grammar recognizer decoding while the caller speaks: each utterance borrows a
 * decoder from {@link SphinxRecognizer}'s pool and decodes on one of this class's decode threads (one per
 * pooled decoder), reading an {@link AudioPipe} that the call's frames are written into. At the end of
 * speech only the audio not yet decoded remains, and partial hypotheses come while the caller speaks.
 *
 * <p><b>Pool.</b> A decoder is lent to one utterance from its first frame until it is decoded. When every
 * decoder is lent out, the utterance queues: its audio waits in the pipe, each new frame asks the pool
 * again, and {@link RecognitionStream#finish()} waits for a decoder as the whole-utterance path does.
 * Nothing fails for lack of a decoder.
 *
 * <p><b>Level.</b> The whole-utterance path levels each utterance to {@link SphinxRecognizer#DECODING_RMS_DBFS}
 * before decoding (Sphinx's live CMN made recognition level-dependent). Streaming cannot see the whole
 * utterance, so the gain is taken from its onset: audio is held until {@link #ONSET_ACTIVE_MS} of active
 * speech (10 ms frames above -55 dBFS, the endpointer's pre-roll included) or {@link #ONSET_MAX_MS} of
 * audio has arrived, then one gain (at most {@link SphinxRecognizer#MAX_GAIN_DB}, samples clipped) is
 * applied to the whole utterance.
 */
public final class SphinxIncrementalRecognizer implements StreamingRecognizer {
    private static final RecognizerCapabilities CAPABILITIES = new RecognizerCapabilities(true, true, true);
    private static final int SAMPLES_PER_MS = SphinxRecognizer.SAMPLE_RATE / 1000;
    /** Active speech the level is measured on before decoding starts. */
    static final int ONSET_ACTIVE_MS = 300;
    /** Most audio held for the level measurement (a quiet line never reaches {@link #ONSET_ACTIVE_MS}). */
    static final int ONSET_MAX_MS = 800;
    /** As {@link SphinxRecognizer}: under one analysis window, or a peak under about -50 dBFS, is nothing. */
    private static final int MIN_SAMPLES = SphinxRecognizer.SAMPLE_RATE / 40;
    private static final int MIN_PEAK = 100;
    /** Longest the end of an utterance waits for its decode (a wedged decoder fails the utterance, not the call). */
    private static final long FINISH_TIMEOUT_MS = 60_000;
    private static final double ACTIVE_FRAME_ENERGY = 32768.0 * 32768.0 * Math.pow(10, -5.5);

    private final SphinxRecognizer recognizer;
    private final ExecutorService decodeThreads;

    /** @param recognizer the pool of decoders and its grammar; closed with this */
    public SphinxIncrementalRecognizer(SphinxRecognizer recognizer) {
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        AtomicInteger n = new AtomicInteger();
        // One thread per pooled decoder: a decode runs only while it holds a decoder, so none ever queues here.
        this.decodeThreads = Executors.newFixedThreadPool(recognizer.decoders(), r -> {
            Thread t = new Thread(r, "sphinx-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String engineName() {
        return recognizer.engineName();
    }

    @Override
    public RecognizerCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public RecognitionStream openStream() throws RecognitionException {
        if (recognizer.isClosed()) {
            throw new RecognitionException("recognizer is closed", false);
        }
        return new IncrementalStream();
    }

    @Override
    public void close() {
        decodeThreads.shutdownNow();
        recognizer.close();
    }

    /** The gain that brings {@code pcm}'s active speech to the decoding level; 1 when nothing is active. */
    static double onsetGain(short[] pcm, int length) {
        double sum = 0;
        long n = 0;
        for (int f = 0; f + 80 <= length; f += 80) {
            double e = 0;
            for (int i = f; i < f + 80; i++) {
                e += (double) pcm[i] * pcm[i];
            }
            if (e / 80 > ACTIVE_FRAME_ENERGY) {
                sum += e;
                n += 80;
            }
        }
        if (n == 0) {
            return 1.0;
        }
        double rmsDb = 10 * Math.log10(sum / n / (32768.0 * 32768.0));
        double gainDb = Math.min(SphinxRecognizer.MAX_GAIN_DB, SphinxRecognizer.DECODING_RMS_DBFS - rmsDb);
        return Math.abs(gainDb) < 1 ? 1.0 : Math.pow(10, gainDb / 20);
    }

    static int activeSamples(short[] pcm, int from, int to) {
        int n = 0;
        for (int f = from - from % 80; f + 80 <= to; f += 80) {
            double e = 0;
            for (int i = f; i < f + 80; i++) {
                e += (double) pcm[i] * pcm[i];
            }
            if (e / 80 > ACTIVE_FRAME_ENERGY) {
                n += 80;
            }
        }
        return n;
    }

    /** One utterance in flight: its pipe, its decode (once a decoder is lent) and its latest partial. */
    private final class Utterance {
        final AudioPipe pipe = new AudioPipe(2L * SphinxStreamingRecognizer.MAX_SAMPLES);
        short[] onset = new short[ONSET_MAX_MS * SAMPLES_PER_MS];
        int onsetLength;
        int onsetActive;
        double gain = Double.NaN;
        int samples;
        int peak;
        CompletableFuture<Transcript> decoding;
        volatile String partial = "";

        void accept(short[] pcm) throws RecognitionException {
            samples += pcm.length;
            for (short s : pcm) {
                peak = Math.max(peak, Math.abs(s));
            }
            if (Double.isNaN(gain)) {
                int n = Math.min(pcm.length, onset.length - onsetLength);
                System.arraycopy(pcm, 0, onset, onsetLength, n);
                onsetActive += activeSamples(onset, onsetLength, onsetLength + n);
                onsetLength += n;
                if (onsetActive >= ONSET_ACTIVE_MS * SAMPLES_PER_MS || onsetLength == onset.length) {
                    fixGain();
                }
                if (n < pcm.length) {
                    write(pcm, n);
                }
            } else {
                write(pcm, 0);
            }
            startWhenFree(false);
        }

        /** The level is measured: the held onset goes into the pipe, levelled like everything after it. */
        void fixGain() {
            gain = onsetGain(onset, onsetLength);
            short[] held = java.util.Arrays.copyOf(onset, onsetLength);
            onset = null;
            write(held, 0);
        }

        void write(short[] pcm, int from) {
            if (gain == 1.0) {
                pipe.write(pcm, from, pcm.length);
                return;
            }
            short[] out = new short[pcm.length - from];
            for (int i = from; i < pcm.length; i++) {
                out[i - from] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(pcm[i] * gain)));
            }
            pipe.write(out, 0, out.length);
        }

        /** Starts decoding once the level is known and a decoder is free; {@code wait}: queue for one. */
        void startWhenFree(boolean wait) throws RecognitionException {
            if (decoding != null || Double.isNaN(gain)) {
                return;
            }
            SphinxDecoder decoder = wait ? recognizer.lend() : recognizer.tryLend();
            if (decoder == null) {
                return; // all lent out: the audio waits in the pipe, the next frame asks again
            }
            CompletableFuture<Transcript> f = new CompletableFuture<>();
            decoding = f;
            try {
                decodeThreads.execute(() -> {
                    try {
                        f.complete(decoder.decodeStream(pipe, text -> partial = text));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    } finally {
                        recognizer.giveBack(decoder);
                    }
                });
            } catch (RuntimeException e) { // the decode threads are shut down: the recognizer is closing
                recognizer.giveBack(decoder);
                throw new RecognitionException("recognizer is closed", e, false);
            }
        }

        Transcript finish() throws RecognitionException {
            if (samples < MIN_SAMPLES || peak < MIN_PEAK) {
                abandon();
                return Transcript.empty();
            }
            if (Double.isNaN(gain)) {
                fixGain();
            }
            startWhenFree(true);
            pipe.end();
            try {
                return decoding.get(FINISH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecognitionException("interrupted while decoding", e, true);
            } catch (TimeoutException e) {
                throw new RecognitionException("Sphinx4 did not finish a " + samples + "-sample utterance in "
                        + FINISH_TIMEOUT_MS + " ms", e, false);
            } catch (ExecutionException e) {
                throw new RecognitionException("Sphinx4 failed on a " + samples + "-sample utterance", e.getCause(), false);
            }
        }

        /** Ends the utterance without waiting for a result; a running decode finishes and frees its decoder. */
        void abandon() {
            pipe.end();
        }
    }

    private final class IncrementalStream implements RecognitionStream {
        private Utterance open;

        @Override
        public void accept(short[] pcm8k) throws RecognitionException {
            if (open == null) {
                open = new Utterance();
            }
            open.accept(pcm8k);
        }

        @Override
        public String partial() {
            return open == null ? "" : open.partial;
        }

        @Override
        public Transcript finish() throws RecognitionException {
            Utterance u = open;
            open = null;
            return u == null ? Transcript.empty() : u.finish();
        }

        @Override
        public void discard() {
            if (open != null) {
                open.abandon();
                open = null;
            }
        }

        @Override
        public void close() {
            discard();
        }
    }
}
