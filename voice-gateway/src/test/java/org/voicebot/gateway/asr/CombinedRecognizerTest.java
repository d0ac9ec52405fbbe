package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CombinedRecognizerTest {

    /** Answers with a fixed transcript and remembers the prompt kind it was asked for. */
    static final class Fixed implements SpeechRecognizer {
        final Transcript answer;
        final List<Listening> asked = new ArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        boolean fail;

        Fixed(Transcript answer) {
            this.answer = answer;
        }

        @Override
        public String engineName() {
            return "fixed";
        }

        @Override
        public Transcript recognize(short[] pcm8k) throws RecognitionException {
            return recognize(pcm8k, Listening.ANYTHING);
        }

        @Override
        public Transcript recognize(short[] pcm8k, Listening listening) throws RecognitionException {
            if (fail) {
                throw new RecognitionException("broken", false);
            }
            asked.add(listening);
            return answer;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static Transcript t(String text) {
        return new Transcript(text, 0.8, List.of());
    }

    @Test
    void theFirstReadingLeadsAndTheSecondFollowsAsAnAlternative() throws Exception {
        Fixed a = new Fixed(t("chen i pain my deal"));
        Fixed b = new Fixed(new Transcript("i want to pay my bill", 0.9, List.of(new WordTiming("i", 0, 100))));
        Transcript c = new CombinedRecognizer(a, b).recognize(new short[8000], Listening.REQUEST);
        assertThat(c.text()).isEqualTo("chen i pain my deal");
        assertThat(c.confidence()).isEqualTo(0.8);
        assertThat(c.alternatives()).containsExactly("i want to pay my bill");
        assertThat(c.words()).hasSize(1); // the second engine's timings, the first has none
        assertThat(a.asked).containsExactly(Listening.REQUEST);
        assertThat(b.asked).containsExactly(Listening.REQUEST);
    }

    @Test
    void theSameReadingTwiceIsNotAnAlternative() {
        Transcript c = CombinedRecognizer.combine(t("agent"), new Transcript("agent", 0.9, List.of(), List.of("a gent")));
        assertThat(c.alternatives()).containsExactly("a gent");
    }

    @Test
    void whenTheFirstHearsNothingTheSecondLeads() {
        Transcript b = t("nine oh two one oh");
        assertThat(CombinedRecognizer.combine(Transcript.empty(), b)).isSameAs(b);
    }

    @Test
    void whenTheSecondRejectsTheFirstStandsAlone() {
        Transcript c = CombinedRecognizer.combine(t("i don't know it"), Transcript.empty());
        assertThat(c.text()).isEqualTo("i don't know it");
        assertThat(c.alternatives()).isEmpty();
    }

    @Test
    void aFailureOfEitherEngineFailsTheUtteranceAndCloseClosesBoth() {
        Fixed a = new Fixed(t("x"));
        Fixed b = new Fixed(t("y"));
        b.fail = true;
        CombinedRecognizer c = new CombinedRecognizer(a, b);
        assertThat(c.engineName()).isEqualTo("fixed+fixed");
        assertThatThrownBy(() -> c.recognize(new short[800])).isInstanceOf(RecognitionException.class);
        c.close();
        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
    }
}
