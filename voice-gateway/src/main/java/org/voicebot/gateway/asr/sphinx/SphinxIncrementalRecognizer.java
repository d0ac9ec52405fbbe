package org.voicebot.gateway.asr.sphinx;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.voicebot.gateway.asr.Listening;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.tts.Pcm;

/**
 * The embedded Sphinx4 grammar recognizer decoding while the caller speaks: each utterance borrows a
 * decoder from {@link SphinxRecognizer}'s pool and decodes on one of this class's decode threads (one per
 * pooled decoder), reading an {@link AudioPipe} that the call's frames are written into. At the end of
 * speech only the audio not yet decoded remains, and partial hypotheses come while the caller speaks.
 *
 * <p><b>Pool.</b> A decoder is lent to one utterance from the end of its level measurement until it is
 * decoded. When every decoder is lent out, the utterance queues (first come, first served): its audio
 * waits in the pipe and it starts on the next decoder given back, on that decoder's thread. Nothing
 * fails for lack of a decoder, and no caller's thread waits for one: {@link RecognitionStream#finishAsync()}
 * returns the decode's future.
 *
 * <p><b>Level.</b> The whole-utterance path levels each utterance to {@link SphinxRecognizer#DECODING_RMS_DBFS}
 * before decoding (Sphinx's live CMN made recognition level-dependent). Streaming cannot see the whole
 * utterance, so the gain is taken from its onset: audio (the endpointer's pre-roll included) is held until
 * it holds {@link #ONSET_ACTIVE_MS} of speech (10 ms frames above -55 dBFS and within
 * {@link #SPEECH_RANGE_DB} of the loudest) or {@link #ONSET_MAX_MS} of audio has arrived, then one gain (at
 * most {@link SphinxRecognizer#MAX_GAIN_DB}, samples clipped) is applied to the whole utterance.
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
    /** Trailing silence the decoder gets, as the endpointer's post-roll in the whole-utterance path. */
    static final int POST_ROLL_MS = 200;
    /** Frames this far below the loudest one are not taken as speech for the level. */
    static final double SPEECH_RANGE_DB = 30;

    private final SphinxRecognizer recognizer;
    private final ExecutorService decodeThreads;
    /** Utterances waiting for a decoder, oldest first; guarded by itself (with the lending it decides). */
    private final ArrayDeque<Utterance> waiting = new ArrayDeque<>();

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
        List<Utterance> dropped;
        synchronized (waiting) {
            dropped = List.copyOf(waiting);
            waiting.clear();
        }
        RecognitionException closed = new RecognitionException("recognizer is closed", false);
        dropped.forEach(u -> u.decoding.completeExceptionally(closed));
        decodeThreads.shutdownNow();
        recognizer.close();
    }

    /**
     * The 10 ms frames of {@code pcm[0, length)} that are speech for the level: above -55 dBFS (as the
     * whole-utterance path) and within {@link #SPEECH_RANGE_DB} of the loudest frame so far, so a breath or
     * line noise before the first word does not count as speech (measured: the fixtures' pre-speech noise at
     * -66..-54 dBFS made a gain of +30 dB from the onset).
     */
    static boolean[] speechFrames(short[] pcm, int length) {
        int frames = length / 80;
        double[] energy = new double[frames];
        double max = 0;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * 80; i < f * 80 + 80; i++) {
                e += (double) pcm[i] * pcm[i];
            }
            energy[f] = e / 80;
            max = Math.max(max, energy[f]);
        }
        double floor = Math.max(ACTIVE_FRAME_ENERGY, max * Math.pow(10, -SPEECH_RANGE_DB / 10));
        boolean[] speech = new boolean[frames];
        for (int f = 0; f < frames; f++) {
            speech[f] = energy[f] > floor;
        }
        return speech;
    }

    /** Samples of speech (see {@link #speechFrames}) in {@code pcm[0, length)}. */
    static int speechSamples(short[] pcm, int length) {
        int n = 0;
        for (boolean b : speechFrames(pcm, length)) {
            n += b ? 80 : 0;
        }
        return n;
    }

    /** The gain that brings the speech frames of {@code pcm[0, length)} to the decoding level; 1 when there are none. */
    static double onsetGain(short[] pcm, int length) {
        boolean[] speech = speechFrames(pcm, length);
        double sum = 0;
        long n = 0;
        for (int f = 0; f < speech.length; f++) {
            if (speech[f]) {
                for (int i = f * 80; i < f * 80 + 80; i++) {
                    sum += (double) pcm[i] * pcm[i];
                }
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

    /**
     * Starts waiting utterances on decoders that came back to the pool some other way (the whole-utterance
     * path shares the pool); decodes of this class hand their decoder on themselves ({@link #handOn}).
     */
    private void serveWaiting() throws RecognitionException {
        while (true) {
            Utterance next;
            SphinxDecoder decoder;
            synchronized (waiting) {
                if (waiting.isEmpty() || (decoder = recognizer.tryLend()) == null) {
                    return;
                }
                next = waiting.poll();
            }
            next.decode(decoder);
        }
    }

    /** A decode is done: its decoder goes to the oldest utterance waiting for one, else back to the pool. */
    private void handOn(SphinxDecoder decoder) {
        Utterance next;
        synchronized (waiting) {
            next = waiting.poll();
            if (next == null) {
                recognizer.giveBack(decoder);
                return;
            }
        }
        next.decode(decoder);
    }

    /** One utterance in flight: its pipe, its decode (once a decoder is lent) and its latest partial. */
    private final class Utterance {
        final AudioPipe pipe = new AudioPipe(2L * SphinxStreamingRecognizer.MAX_SAMPLES);
        short[] onset = new short[ONSET_MAX_MS * SAMPLES_PER_MS];
        int onsetLength;
        double gain = Double.NaN;
        int samples;
        int peak;
        double loudest;
        int quietSamples;
        final Samples heldBack = new Samples();
        final CompletableFuture<Transcript> decoding = new CompletableFuture<>();
        /** The grammar this utterance is decoded with: fixed when it opens (the prompt it answers). */
        final Listening listening;
        /** The call's line: this utterance is normalised from its estimate and hands back the updated one. */
        final ChannelCmn.Channel channel;
        boolean queued;

        Utterance(Listening listening, ChannelCmn.Channel channel) {
            this.listening = listening;
            this.channel = channel;
        }
        volatile String partial = "";

        /** The same band every utterance goes through in the whole-utterance path (SphinxRecognizer#prepare). */
        final TelephoneBand band = new TelephoneBand(SphinxRecognizer.SAMPLE_RATE);

        void accept(short[] raw) throws RecognitionException {
            short[] pcm = band.filter(raw);
            samples += pcm.length;
            for (short s : pcm) {
                peak = Math.max(peak, Math.abs(s));
            }
            if (Double.isNaN(gain)) {
                int n = Math.min(pcm.length, onset.length - onsetLength);
                System.arraycopy(pcm, 0, onset, onsetLength, n);
                onsetLength += n;
                if (onsetLength == onset.length || speechSamples(onset, onsetLength) >= ONSET_ACTIVE_MS * SAMPLES_PER_MS) {
                    fixGain();
                }
                if (n < pcm.length) {
                    write(pcm, n);
                }
            } else {
                write(pcm, 0);
            }
            startOrQueue();
        }

        /** The level is measured: the held onset goes into the pipe, levelled like everything after it. */
        void fixGain() {
            gain = onsetGain(onset, onsetLength);
            short[] held = java.util.Arrays.copyOf(onset, onsetLength);
            onset = null;
            write(held, 0);
        }

        /**
         * Levels {@code pcm[from..]} and passes it on. Quiet frames after the first {@link #POST_ROLL_MS} of a
         * pause are held back and passed on only if speech follows: the decoder never sees more trailing
         * silence than the whole-utterance path did (measured: "yes" with 700 ms of trailing silence came
         * out as "human"), however long the endpointer waits.
         */
        void write(short[] pcm, int from) {
            short[] out = new short[pcm.length - from];
            for (int i = from; i < pcm.length; i++) {
                out[i - from] = gain == 1.0 ? pcm[i]
                        : Pcm.clip(pcm[i] * gain);
            }
            band.addLineNoise(out);
            int passFrom = 0;
            for (int f = 0; f < out.length; f += 80) {
                int end = Math.min(out.length, f + 80);
                double e = 0;
                for (int i = f; i < end; i++) {
                    e += (double) out[i] * out[i];
                }
                e /= Math.max(1, end - f);
                loudest = Math.max(loudest, e);
                boolean quiet = e <= Math.max(ACTIVE_FRAME_ENERGY, loudest * Math.pow(10, -SPEECH_RANGE_DB / 10));
                if (!quiet) {
                    quietSamples = 0;
                    if (heldBack.size() > 0) { // the pause was inside the utterance: the decoder gets it after all
                        pipe.write(heldBack.toArray(), 0, heldBack.size());
                        heldBack.clear();
                    }
                    continue;
                }
                quietSamples += end - f;
                if (quietSamples > POST_ROLL_MS * SAMPLES_PER_MS) {
                    pipe.write(out, passFrom, f);
                    heldBack.add(out, f, end);
                    passFrom = end;
                }
            }
            pipe.write(out, passFrom, out.length);
        }

        /** Once the level is known: decode now on a free decoder, or wait in line for one. */
        void startOrQueue() throws RecognitionException {
            if (queued || Double.isNaN(gain)) {
                return;
            }
            queued = true;
            SphinxDecoder decoder;
            synchronized (waiting) {
                decoder = recognizer.tryLend();
                if (decoder == null) {
                    waiting.add(this); // started by the decode that gives back the next decoder
                    return;
                }
            }
            decode(decoder);
        }

        void decode(SphinxDecoder decoder) {
            try {
                decodeThreads.execute(() -> {
                    try {
                        ChannelCmn.Channel line = channel.copy();
                        Transcript t = decoder.decodeStream(pipe, text -> partial = text, listening, line);
                        channel.set(line);
                        decoding.complete(t);
                    } catch (Throwable e) {
                        decoding.completeExceptionally(
                                new RecognitionException("Sphinx4 failed on a " + samples + "-sample utterance", e, false));
                    } finally {
                        handOn(decoder);
                    }
                });
            } catch (RuntimeException e) { // the decode threads are shut down: the recognizer is closing
                recognizer.giveBack(decoder);
                decoding.completeExceptionally(new RecognitionException("recognizer is closed", e, false));
            }
        }

        CompletionStage<Transcript> finishAsync() throws RecognitionException {
            if (samples < MIN_SAMPLES || peak < MIN_PEAK) {
                abandon();
                return CompletableFuture.completedFuture(Transcript.empty());
            }
            if (Double.isNaN(gain)) {
                fixGain();
            }
            startOrQueue();
            pipe.end();
            return decoding;
        }

        /** Ends the utterance without waiting for a result; a running or queued decode finishes and frees its decoder. */
        void abandon() {
            pipe.end();
            synchronized (waiting) {
                if (waiting.remove(this)) { // still in line: no decode of audio nobody wants
                    decoding.complete(Transcript.empty());
                }
            }
        }
    }

    private final class IncrementalStream implements RecognitionStream {
        private Utterance open;
        private Listening listening = Listening.ANYTHING;
        /** This call's line as the decoder's mean normalisation knows it, carried from utterance to utterance. */
        private final ChannelCmn.Channel channel = new ChannelCmn.Channel();

        @Override
        public void listenFor(Listening listening) {
            this.listening = listening; // takes effect from the next utterance
        }

        @Override
        public void accept(short[] pcm8k) throws RecognitionException {
            if (open == null) {
                open = new Utterance(listening, channel);
                serveWaiting();
            }
            open.accept(pcm8k);
        }

        @Override
        public String partial() {
            return open == null ? "" : open.partial;
        }

        @Override
        public Transcript finish() throws RecognitionException {
            CompletionStage<Transcript> pending = finishAsync();
            try {
                return pending.toCompletableFuture().get(FINISH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecognitionException("interrupted while decoding", e, true);
            } catch (TimeoutException e) {
                throw new RecognitionException("Sphinx4 did not finish an utterance in " + FINISH_TIMEOUT_MS + " ms", e, false);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RecognitionException re ? re
                        : new RecognitionException("Sphinx4 failed: " + e.getCause(), e.getCause(), false);
            }
        }

        @Override
        public CompletionStage<Transcript> finishAsync() throws RecognitionException {
            Utterance u = open;
            open = null;
            serveWaiting();
            return u == null ? CompletableFuture.completedFuture(Transcript.empty()) : u.finishAsync();
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

    /** A growable run of samples. */
    private static final class Samples {
        private short[] data = new short[0];
        private int size;

        void add(short[] src, int from, int to) {
            int n = to - from;
            if (size + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(size + n, data.length * 2 + 160));
            }
            System.arraycopy(src, from, data, size, n);
            size += n;
        }

        int size() {
            return size;
        }

        short[] toArray() {
            return data;
        }

        void clear() {
            size = 0;
        }
    }
}
