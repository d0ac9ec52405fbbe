package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-prompt grammars: what each lets the caller say. */
class StateGrammarsTest {

    @Test
    void theOpenPromptGrammarHasTheRequestsWithOptionalWrappersAndNoDigitLoop() {
        String g = DialogGrammar.requestJsgf(List.of("Check my balance", "agent", "What's my balance?"), CmuDictionary::known);
        assertThat(g).contains("grammar request;")
                .contains("public <utterance> = [<lead>] <phrase> [<tail>];")
                .contains("check my balance").contains("what's my balance").contains("i'd like to")
                .contains("thank you")
                .doesNotContain("<digits>").doesNotContain("<digit>");
    }

    @Test
    void theDigitPromptGrammarHasDigitsWithLeadInsOrACommand() {
        String g = DialogGrammar.digitsJsgf(List.of("agent", "repeat that"), List.of("zip code"), CmuDictionary::known);
        assertThat(g).contains("grammar digits;")
                .contains("public <utterance> = [<lead>] <digits> | <escape>;")
                .contains("my zip code is").contains("it's")
                .contains("<escape> =").contains("repeat that")
                .contains("<digits> = <digit>+;")
                .doesNotContain("check my balance");
    }

    @Test
    void wordsTheDictionaryLacksAreLeftOut() {
        String g = DialogGrammar.digitsJsgf(List.of("agent"), List.of("zorblax number"), CmuDictionary::known);
        assertThat(g).doesNotContain("zorblax").contains("my number is");
    }
}
