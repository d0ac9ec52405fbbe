package org.voicebot.gateway.asr.sphinx;

import java.util.Arrays;
import java.util.Objects;
import org.voicebot.gateway.asr.Listening;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;

/**
 * The embedded Sphinx4 grammar recognizer behind the streaming port. Sphinx decodes a whole utterance
 * with a borrowed decoder from its pool, so a stream only buffers the utterance's frames and decodes at
 * {@link RecognitionStream#finish()}: no partials, no decoding while the caller speaks. Word timings come
 * from Sphinx's best path.
 */
public final class SphinxStreamingRecognizer implements StreamingRecognizer {
    /** Longer than any utterance the endpointer lets through (call.maxUtteranceMs is at most 120 s). */
    static final int MAX_SAMPLES = 8000 * 130;
    private static final RecognizerCapabilities CAPABILITIES = new RecognizerCapabilities(false, true, false);

    private final SpeechRecognizer recognizer;

    /** @param recognizer the whole-utterance recognizer (normally a {@link SphinxRecognizer}); closed with this */
    public SphinxStreamingRecognizer(SpeechRecognizer recognizer) {
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
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
    public RecognitionStream openStream() {
        return new BufferingStream();
    }

    @Override
    public void close() {
        recognizer.close();
    }

    private final class BufferingStream implements RecognitionStream {
        private short[] buffer = new short[8000];
        private int length;
        private Listening listening = Listening.ANYTHING;

        @Override
        public void listenFor(Listening listening) {
            this.listening = Objects.requireNonNull(listening, "listening");
        }

        @Override
        public void accept(short[] pcm8k) {
            int room = MAX_SAMPLES - length;
            int n = Math.min(room, pcm8k.length); // a runaway utterance is cut, never grows without bound
            if (length + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(MAX_SAMPLES, Math.max(length + n, buffer.length * 2)));
            }
            System.arraycopy(pcm8k, 0, buffer, length, n);
            length += n;
        }

        @Override
        public String partial() {
            return "";
        }

        @Override
        public Transcript finish() throws RecognitionException {
            short[] utterance = Arrays.copyOf(buffer, length);
            length = 0;
            return recognizer.recognize(utterance, listening);
        }

        @Override
        public void discard() {
            length = 0;
        }

        @Override
        public void close() {
            length = 0;
            buffer = new short[0];
        }
    }
}
