package org.voicebot.gateway.asr;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CombinedRecognizer} behind the streaming port: a whole-utterance engine ({@code first}, e.g. Moonshine)
 * and a streaming engine ({@code second}, e.g. Sphinx4 decoding while the caller speaks) hear every utterance.
 * Partials come from the streaming engine. At the end of an utterance the first engine decodes on the calling
 * worker thread while the streaming engine finishes on its own, so the two run side by side; the transcript
 * leads with the first engine's reading and carries the second's as an alternative.
 *
 * <p>If the first engine fails on an utterance, the second's reading is used alone (logged): the caller is
 * still heard. A failure of the second engine fails the utterance, as it would without the first.
 */
public final class CombinedStreamingRecognizer implements StreamingRecognizer {
    private static final Logger LOG = LoggerFactory.getLogger(CombinedStreamingRecognizer.class);

    private final SpeechRecognizer first;
    private final StreamingRecognizer second;

    public CombinedStreamingRecognizer(SpeechRecognizer first, StreamingRecognizer second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    @Override
    public String engineName() {
        return first.engineName() + "+" + second.engineName();
    }

    @Override
    public RecognizerCapabilities capabilities() {
        return second.capabilities();
    }

    @Override
    public RecognitionStream openStream() throws RecognitionException {
        return new Stream(second.openStream());
    }

    @Override
    public void close() {
        try {
            first.close();
        } finally {
            second.close();
        }
    }

    private final class Stream implements RecognitionStream {
        private final RecognitionStream inner;
        private final UtteranceBuffer buffer = new UtteranceBuffer();
        private Listening listening = Listening.ANYTHING;

        Stream(RecognitionStream inner) {
            this.inner = inner;
        }

        @Override
        public void listenFor(Listening listening) {
            this.listening = Objects.requireNonNull(listening, "listening");
            inner.listenFor(listening);
        }

        @Override
        public void accept(short[] pcm8k) throws RecognitionException {
            buffer.add(pcm8k);
            inner.accept(pcm8k);
        }

        @Override
        public String partial() throws RecognitionException {
            return inner.partial();
        }

        @Override
        public Transcript finish() throws RecognitionException {
            short[] utterance = buffer.take();
            Transcript b = inner.finish();
            return CombinedRecognizer.combine(firstReading(utterance), b);
        }

        @Override
        public CompletionStage<Transcript> finishAsync() throws RecognitionException {
            short[] utterance = buffer.take();
            CompletionStage<Transcript> b = inner.finishAsync(); // the streaming engine finishes on its own threads
            Transcript a = firstReading(utterance);
            return b.thenApply(t -> CombinedRecognizer.combine(a, t));
        }

        private Transcript firstReading(short[] utterance) {
            if (utterance.length == 0) {
                return Transcript.empty();
            }
            try {
                return first.recognize(utterance, listening);
            } catch (RecognitionException | RuntimeException e) {
                LOG.warn("{} failed on an utterance ({}); using {} alone for it", first.engineName(), e.getMessage(),
                        second.engineName());
                return Transcript.empty();
            }
        }

        @Override
        public void discard() throws RecognitionException {
            buffer.clear();
            inner.discard();
        }

        @Override
        public void close() {
            buffer.release();
            inner.close();
        }
    }

}
