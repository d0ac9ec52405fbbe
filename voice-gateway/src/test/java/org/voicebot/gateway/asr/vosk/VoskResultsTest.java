package org.voicebot.gateway.asr.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.asr.RecognitionException;
import org.voicebot.gateway.asr.Transcript;
import org.voicebot.gateway.asr.WordTiming;

class VoskResultsTest {

    private static final String FINAL = """
            {
              "result" : [{
                  "conf" : 1.000000,
                  "end" : 12.75,
                  "start" : 12.42,
                  "word" : "pay"
                }, {
                  "conf" : 0.80,
                  "end" : 12.90,
                  "start" : 12.75,
                  "word" : "my"
                }, {
                  "conf" : 0.60,
                  "end" : 13.38,
                  "start" : 12.93,
                  "word" : "bill"
                }],
              "text" : "pay my bill"
            }""";

    @Test
    void aFinalResultGivesWordsTimedFromTheStartOfTheUtteranceAndTheMeanConfidence() throws Exception {
        // The recognizer had heard 12 s of earlier utterances of this call (at 16 kHz).
        VoskResults.Segment s = VoskResults.segment(FINAL, 12 * 16000, 16000f);
        Transcript t = VoskResults.transcript(List.of(s));
        assertThat(t.text()).isEqualTo("pay my bill");
        assertThat(t.confidence()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.words()).containsExactly(new WordTiming("pay", 420, 750), new WordTiming("my", 750, 900),
                new WordTiming("bill", 930, 1380));
        assertThat(t.wordsPerSecond()).isCloseTo(3 / 0.96, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void unknownSpeechOutsideAGrammarIsDropped() throws Exception {
        String json = "{\"result\":[{\"conf\":0.9,\"start\":0.1,\"end\":0.4,\"word\":\"[unk]\"},"
                + "{\"conf\":0.7,\"start\":0.5,\"end\":0.9,\"word\":\"agent\"}],\"text\":\"[unk] agent\"}";
        Transcript t = VoskResults.transcript(List.of(VoskResults.segment(json, 0, 8000f)));
        assertThat(t.text()).isEqualTo("agent");
        assertThat(t.confidence()).isEqualTo(0.7);
        String onlyUnknown = "{\"result\":[{\"conf\":0.9,\"start\":0.1,\"end\":0.4,\"word\":\"[unk]\"}],\"text\":\"[unk]\"}";
        assertThat(VoskResults.transcript(List.of(VoskResults.segment(onlyUnknown, 0, 8000f)))).isEqualTo(Transcript.empty());
    }

    @Test
    void nothingHeardIsAnEmptyTranscript() throws Exception {
        assertThat(VoskResults.transcript(List.of(VoskResults.segment("{\"text\": \"\"}", 0, 8000f))))
                .isEqualTo(Transcript.empty());
    }

    @Test
    void segmentsCutByVosksOwnEndpointerAreJoined() throws Exception {
        VoskResults.Segment a = VoskResults.segment(
                "{\"result\":[{\"conf\":1.0,\"start\":0.3,\"end\":0.6,\"word\":\"my\"},"
                        + "{\"conf\":1.0,\"start\":0.6,\"end\":0.9,\"word\":\"account\"}],\"text\":\"my account\"}", 0, 8000f);
        VoskResults.Segment b = VoskResults.segment(
                "{\"result\":[{\"conf\":0.4,\"start\":2.1,\"end\":2.5,\"word\":\"four\"}],\"text\":\"four\"}", 0, 8000f);
        Transcript t = VoskResults.transcript(List.of(a, b, VoskResults.segment("{\"text\":\"\"}", 0, 8000f)));
        assertThat(t.text()).isEqualTo("my account four");
        assertThat(t.words()).extracting(WordTiming::word).containsExactly("my", "account", "four");
        assertThat(t.confidence()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void withoutWordOutputTheTextStaysAndConfidenceIsUnsure() throws Exception {
        Transcript t = VoskResults.transcript(List.of(VoskResults.segment("{\"text\":\"hello there\"}", 0, 8000f)));
        assertThat(t.text()).isEqualTo("hello there");
        assertThat(t.confidence()).isEqualTo(0.5);
        assertThat(t.words()).isEmpty();
    }

    @Test
    void partials() throws Exception {
        assertThat(VoskResults.partial("{\n  \"partial\" : \"i want to pa\"\n}")).isEqualTo("i want to pa");
        assertThat(VoskResults.partial("{\"partial\" : \"[unk] agent\"}")).isEqualTo("agent");
        assertThat(VoskResults.partial("{\"partial\" : \"\"}")).isEmpty();
    }

    @Test
    void garbageFromTheEngineIsARecognitionError() {
        assertThatThrownBy(() -> VoskResults.partial("not json")).isInstanceOf(RecognitionException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> VoskResults.segment(null, 0, 8000f)).isInstanceOf(RecognitionException.class);
    }
}
