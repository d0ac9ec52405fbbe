package org.voicebot.gateway.tts;

/**
 * Text to telephone-quality speech.
 *
 * <p>Implementations are blocking and CPU-bound: call them from worker threads, never from an
 * event loop. They must allow concurrent calls from several threads.
 */
public interface SpeechSynthesizer extends AutoCloseable {

    /** Output sample rate of {@link #synthesize(String, Voice)}. */
    int SAMPLE_RATE = 8000;

    /**
     * Synthesizes {@code text}.
     *
     * @return signed 16-bit mono samples at 8 kHz ({@link #SAMPLE_RATE}); never empty
     * @throws SynthesisException if the text is empty/blank or yields no audio, or the engine fails
     * @throws IllegalStateException if the synthesizer has been closed
     */
    short[] synthesize(String text, Voice voice) throws SynthesisException;

    /** Releases this synthesizer; later {@link #synthesize} calls fail. Does not throw. */
    @Override
    void close();
}
