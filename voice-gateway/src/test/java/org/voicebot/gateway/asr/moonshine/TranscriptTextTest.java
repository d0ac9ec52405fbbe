package org.voicebot.gateway.asr.moonshine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscriptTextTest {

    @Test
    void writtenTextBecomesLowerCaseWordsWithSingleSpaces() {
        assertThat(TranscriptText.normalise("Four, zero, zero, one, two, three.")).isEqualTo("four zero zero one two three");
        assertThat(TranscriptText.normalise("I'd like to pay my bill, please!")).isEqualTo("i'd like to pay my bill please");
        assertThat(TranscriptText.normalise("  What’s my balance?  ")).isEqualTo("what's my balance");
    }

    @Test
    void numeralsStayNumeralsAndMarksBetweenThemBreakWords() {
        assertThat(TranscriptText.normalise("90210.")).isEqualTo("90210");
        assertThat(TranscriptText.normalise("9, 8, 7-6")).isEqualTo("9 8 7 6");
        assertThat(TranscriptText.normalise("$50 on 12/3")).isEqualTo("50 on 12 3");
    }

    @Test
    void quotesAroundWordsAreDroppedButApostrophesInsideStay() {
        assertThat(TranscriptText.normalise("'agent' o'clock")).isEqualTo("agent o'clock");
        assertThat(TranscriptText.normalise("...")).isEmpty();
    }
}
