package org.voicebot.gateway.asr;

/**
 * A speech recognition engine as the calls use it: it owns the loaded model, shared by every call, and
 * opens one {@link RecognitionStream} per call. Opening and using a stream blocks: callers go through
 * {@link RecognitionSession}, which runs that work on the ASR worker pool.
 */
public interface StreamingRecognizer extends AutoCloseable {

    /** A short, stable name for logs and metrics, e.g. {@code "vosk"} or {@code "sphinx4"}. */
    String engineName();

    RecognizerCapabilities capabilities();

    /** A new stream for one call. Blocks (may allocate engine state); never call it on an event loop. */
    RecognitionStream openStream() throws RecognitionException;

    /** Frees the model; streams opened before fail afterwards. Idempotent. */
    @Override
    void close();
}
