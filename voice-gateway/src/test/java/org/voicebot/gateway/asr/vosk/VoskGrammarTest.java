package org.voicebot.gateway.asr.vosk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoskGrammarTest {

    @Test
    void phrasesAreNormalisedAndDigitsAndUnknownAdded() {
        JsonArray g = new JsonArray(VoskGrammar.json(List.of("I'd like to pay my bill!", "What's my balance?",
                "Call 911", "  ", "what's my balance")));
        assertThat(g.getList()).startsWith("i'd like to pay my bill", "what's my balance", "call nine one one")
                .contains("zero", "oh", "nine")
                .endsWith("[unk]")
                .doesNotHaveDuplicates()
                .doesNotContain("");
    }
}
