package org.voicebot.gateway.asr;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The engine side of one call's recognition: blocking, single-threaded, utterance after utterance.
 * {@link RecognitionSession} drives it from the worker pool, one task at a time; implementations need no
 * locks. Word timings of a {@link #finish()} are relative to the first sample of that utterance.
 */
public interface RecognitionStream extends AutoCloseable {

    /** Feeds 8 kHz signed 16-bit mono samples of the current utterance (starts one if none is open). */
    void accept(short[] pcm8k) throws RecognitionException;

    /** The current partial hypothesis of the open utterance; empty when there is none or the engine has none. */
    String partial() throws RecognitionException;

    /** Ends the open utterance and returns its transcript (empty when nothing was fed). */
    Transcript finish() throws RecognitionException;

    /**
     * Ends the open utterance; the transcript comes later, without holding the calling thread (an engine
     * that decodes elsewhere, e.g. on its own decode threads, returns a future completed there). Errors
     * thrown here are taken as the stream breaking; a failed future fails only that utterance. The
     * default decodes here, as {@link #finish()}.
     */
    default CompletionStage<Transcript> finishAsync() throws RecognitionException {
        return CompletableFuture.completedFuture(finish());
    }

    /** Ends the open utterance without a transcript (the endpointer took it for noise). */
    void discard() throws RecognitionException;

    /**
     * What the caller is expected to say from the next utterance on (the current prompt's kind); engines with
     * a constrained vocabulary pick their grammar from it. Default: ignored.
     */
    default void listenFor(Listening listening) {
    }

    /** Frees the engine resources of this stream. Idempotent. */
    @Override
    void close();
}
