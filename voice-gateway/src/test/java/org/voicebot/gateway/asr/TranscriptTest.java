package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    @Test
    void speakingRateIsWordsOverTheSpanOfTheirTimings() {
        Transcript t = new Transcript("pay my bill", 0.9, List.of(
                new WordTiming("pay", 300, 500), new WordTiming("my", 520, 700), new WordTiming("bill", 720, 1300)));
        assertThat(t.wordsPerSecond()).isEqualTo(3 / 1.0);
    }

    @Test
    void noTimingsOrATooShortSpanGiveNoRate() {
        assertThat(new Transcript("yes", 0.9, List.of()).wordsPerSecond()).isNaN();
        assertThat(new Transcript("yes", 0.9, List.of(new WordTiming("yes", 10, 60))).wordsPerSecond()).isNaN();
        assertThat(Transcript.empty().wordsPerSecond()).isNaN();
    }
}
