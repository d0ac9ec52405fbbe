package org.voicebot.gateway.asr;

/**
 * Port to a speech recognition engine.
 *
 * <p>{@link #recognize(short[])} takes one whole caller utterance, already cut by the gateway's
 * endpointer (with about 200-300 ms of padding either side), as 8 kHz signed 16-bit mono samples and
 * returns the final transcript. It blocks and is CPU-bound: call it from a worker thread, never from an
 * event loop. Implementations must allow several threads to call it at once.
 */
public interface SpeechRecognizer extends AutoCloseable {

    /** A short, stable name for logs and metrics, e.g. {@code "sphinx4"}. */
    String engineName();

    /**
     * Recognises one utterance.
     *
     * @param pcm8k 8 kHz signed 16-bit mono samples; an empty or very short array gives an empty or
     *              low-confidence transcript, not an exception
     * @throws RecognitionException if the engine failed or is closed
     */
    Transcript recognize(short[] pcm8k) throws RecognitionException;

    /** Recognises one utterance said in answer to a prompt that expects {@code listening}; by default ignores it. */
    default Transcript recognize(short[] pcm8k, Listening listening) throws RecognitionException {
        return recognize(pcm8k);
    }

    /** Frees the engine's resources; later calls to {@link #recognize(short[])} fail. Idempotent. */
    @Override
    void close();
}
