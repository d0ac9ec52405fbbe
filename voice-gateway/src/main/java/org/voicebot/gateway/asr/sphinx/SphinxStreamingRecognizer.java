package org.voicebot.gateway.asr.sphinx;

import java.util.Objects;
import org.voicebot.gateway.asr.Listening;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.RecognizerCapabilities;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.StreamingRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.UtteranceBuffer;

/**
 * The embedded Sphinx4 grammar recognizer behind the streaming port. Sphinx decodes a whole utterance
 * with a borrowed decoder from its pool, so a stream only buffers the utterance's frames and decodes at
 * {@link RecognitionStream#finish()}: no partials, no decoding while the caller speaks. Word timings come
 * from Sphinx's best path.
 */
public final class SphinxStreamingRecognizer implements StreamingRecognizer {
    static final int MAX_SAMPLES = UtteranceBuffer.MAX_SAMPLES;
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
        private final UtteranceBuffer buffer = new UtteranceBuffer();
        private Listening listening = Listening.ANYTHING;

        @Override
        public void listenFor(Listening listening) {
            this.listening = Objects.requireNonNull(listening, "listening");
        }

        @Override
        public void accept(short[] pcm8k) {
            buffer.add(pcm8k);
        }

        @Override
        public String partial() {
            return "";
        }

        @Override
        public Transcript finish() throws RecognitionException {
            return recognizer.recognize(buffer.take(), listening);
        }

        @Override
        public void discard() {
            buffer.clear();
        }

        @Override
        public void close() {
            buffer.release();
        }
    }
}
