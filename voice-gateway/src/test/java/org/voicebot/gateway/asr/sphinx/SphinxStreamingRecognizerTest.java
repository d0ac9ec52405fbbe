package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.asr.Partial;
import org.voicebot.gateway.asr.RecognitionSession;
import org.voicebot.gateway.asr.RecognitionStream;
import org.voicebot.gateway.asr.SpeechRecognizer;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.WavFixtures;

class SphinxStreamingRecognizerTest {

    /** Remembers the utterances it was asked to decode. */
    static final class Recorder implements SpeechRecognizer {
        final List<short[]> utterances = new ArrayList<>();
        boolean closed;

        @Override
        public String engineName() {
            return "sphinx4";
        }

        @Override
        public Transcript recognize(short[] pcm8k) {
            utterances.add(pcm8k);
            return new Transcript("n" + pcm8k.length, 0.9, List.of());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void framesAreBufferedAndDecodedAsOneUtteranceAtFinish() throws Exception {
        Recorder r = new Recorder();
        SphinxStreamingRecognizer engine = new SphinxStreamingRecognizer(r);
        assertThat(engine.capabilities().partials()).isFalse();
        assertThat(engine.capabilities().streaming()).isFalse();
        RecognitionStream s = engine.openStream();
        short[] a = new short[160];
        short[] b = new short[160];
        Arrays.fill(a, (short) 1);
        Arrays.fill(b, (short) 2);
        s.accept(a);
        s.accept(b);
        assertThat(s.partial()).isEmpty();
        assertThat(r.utterances).isEmpty();
        assertThat(s.finish().text()).isEqualTo("n320");
        short[] decoded = r.utterances.get(0);
        assertThat(decoded[0]).isEqualTo((short) 1);
        assertThat(decoded[319]).isEqualTo((short) 2);

        s.accept(a);
        s.discard();
        s.accept(b);
        assertThat(s.finish().text()).as("the discarded frames are gone").isEqualTo("n160");
        engine.close();
        assertThat(r.closed).isTrue();
    }

    @Test
    void aRunawayUtteranceIsCutNotGrownWithoutBound() throws Exception {
        Recorder r = new Recorder();
        RecognitionStream s = new SphinxStreamingRecognizer(r).openStream();
        short[] second = new short[8000];
        for (int i = 0; i < 200; i++) {
            s.accept(second);
        }
        assertThat(s.finish().text()).isEqualTo("n" + SphinxStreamingRecognizer.MAX_SAMPLES);
    }

    @Test
    void theRealEngineRecognisesAFixtureFedFrameByFrameThroughASession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SphinxStreamingRecognizer engine = new SphinxStreamingRecognizer(SphinxRecognizer.create(DomainPhrases.all(), 1))) {
            List<Partial> partials = new ArrayList<>();
            RecognitionSession session = new RecognitionSession(engine, pool, Runnable::run, partials::add, "t");
            for (String file : List.of("pay-bill.wav", "agent.wav")) {
                short[] pcm = WavFixtures.readPcm8k("/asr/" + file);
                for (int i = 0; i < pcm.length; i += 160) {
                    session.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
                }
                Transcript t = session.finish().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(t.text()).isEqualTo(file.equals("agent.wav") ? "agent" : "i want to pay my bill");
                assertThat(t.words()).isNotEmpty();
                assertThat(t.wordsPerSecond()).isBetween(0.5, 8.0);
            }
            session.close();
            assertThat(partials).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
