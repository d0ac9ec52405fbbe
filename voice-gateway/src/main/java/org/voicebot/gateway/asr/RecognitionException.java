package org.voicebot.gateway.asr;

/**
 * Recognition of one utterance failed. {@link #retryable()} says whether trying the same audio again
 * may succeed (for example, the thread was interrupted while waiting for a free decoder) or not (the
 * recognizer is closed, or the engine is broken).
 */
public class RecognitionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public RecognitionException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public RecognitionException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
