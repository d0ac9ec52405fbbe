package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedStreamingRecognizerTest {

    private final RecognitionSessionTest.FakeEngine second = new RecognitionSessionTest.FakeEngine();

    private static short[] frame(int first) {
        short[] f = new short[160];
        f[0] = (short) first;
        return f;
    }

    @Test
    void partialsComeFromTheStreamingEngineAndTheFinalCarriesBothReadings() throws Exception {
        CombinedRecognizerTest.Fixed first = new CombinedRecognizerTest.Fixed(CombinedRecognizerTest.t("what's my balance"));
        CombinedStreamingRecognizer c = new CombinedStreamingRecognizer(first, second);
        assertThat(c.engineName()).isEqualTo("fixed+fake");
        assertThat(c.capabilities()).isEqualTo(second.capabilities());
        RecognitionStream s = c.openStream();
        s.listenFor(Listening.DIGITS);
        s.accept(frame(7));
        s.accept(frame(8));
        assertThat(s.partial()).isEqualTo("p2");
        Transcript t = s.finishAsync().toCompletableFuture().get();
        assertThat(t.text()).isEqualTo("what's my balance");
        assertThat(t.alternatives()).containsExactly("frames 2 first 7");
        assertThat(first.asked).containsExactly(Listening.DIGITS);
        // the next utterance starts empty on both sides
        s.accept(frame(9));
        assertThat(s.finish().alternatives()).containsExactly("frames 1 first 9");
    }

    @Test
    void aFailingFirstEngineLeavesTheStreamingEnginesReadingAlone() throws Exception {
        CombinedRecognizerTest.Fixed first = new CombinedRecognizerTest.Fixed(CombinedRecognizerTest.t("x"));
        first.fail = true;
        RecognitionStream s = new CombinedStreamingRecognizer(first, second).openStream();
        s.accept(frame(3));
        Transcript t = s.finishAsync().toCompletableFuture().get();
        assertThat(t.text()).isEqualTo("frames 1 first 3");
        assertThat(t.alternatives()).isEmpty();
    }

    @Test
    void aDiscardedUtteranceIsHeardByNeither() throws Exception {
        CombinedRecognizerTest.Fixed first = new CombinedRecognizerTest.Fixed(Transcript.empty());
        RecognitionStream s = new CombinedStreamingRecognizer(first, second).openStream();
        s.accept(frame(1));
        s.discard();
        assertThat(s.finish()).isEqualTo(Transcript.empty());
        assertThat(first.asked).isEmpty(); // nothing buffered: the first engine is not even asked
        s.close();
        assertThat(List.of(second.opened.get())).containsExactly(1);
    }
}
