package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DialogGrammarTest {

    @Test
    void normalisesCasePunctuationAndDigits() {
        assertThat(DialogGrammar.normalise("What's my Balance?")).containsExactly("what's", "my", "balance");
        assertThat(DialogGrammar.normalise("  Call 911, 'now'! ")).containsExactly("call", "nine", "one", "one", "now");
        assertThat(DialogGrammar.normalise("e-mail / text")).containsExactly("e", "mail", "text");
        assertThat(DialogGrammar.normalise("I\u2019m here")).containsExactly("i'm", "here");
        assertThat(DialogGrammar.normalise("?!")).isEmpty();
    }

    @Test
    void unknownWordsAreRemovedFromPhrasesAndReported() {
        Set<String> dictionary = Set.of("pay", "my", "bill", "agent", "zero", "oh", "one", "two", "three", "four",
                "five", "six", "seven", "eight", "nine");
        DialogGrammar g = DialogGrammar.build(List.of("Pay my Acme bill", "agent", "AGENT!", "Acme", "frobnicate"),
                words -> words.stream().filter(dictionary::contains).collect(java.util.stream.Collectors.toSet()));

        assertThat(g.phrases()).containsExactly("pay my bill", "agent");
        assertThat(g.unknownWords()).containsExactly("acme", "frobnicate");
        assertThat(g.droppedPhrases()).containsExactly("Acme", "frobnicate");
        assertThat(g.jsgf())
                .contains("grammar dialog;")
                .contains("public <utterance> = /2/ <phrase> | /1/ <digits>;")
                .contains("pay my bill")
                .contains("<digits> = <digit>+;")
                .contains("<digit> = zero | oh | one | two | three | four | five | six | seven | eight | nine;")
                .doesNotContain("acme");
    }

    @Test
    void noUsablePhraseLeavesTheDigitLoop() {
        DialogGrammar g = DialogGrammar.build(List.of("xyzzy"), CmuDictionary::known);
        assertThat(g.phrases()).isEmpty();
        assertThat(g.jsgf()).contains("public <utterance> = <digits>;").doesNotContain("<phrase>");
    }

    @Test
    void cmuDictionaryKnowsCommonWordsOnly() {
        assertThat(CmuDictionary.known(List.of("balance", "outage", "representative", "oh", "that's", "qwxyzzy")))
                .containsExactlyInAnyOrder("balance", "outage", "representative", "oh", "that's");
    }
}
