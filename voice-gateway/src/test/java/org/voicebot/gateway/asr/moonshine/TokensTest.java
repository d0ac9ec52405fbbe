package org.voicebot.gateway.asr.moonshine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.gateway.asr.ModelLoadException;

class TokensTest {

    @Test
    void theShippedListIsLlamasVocabulary() throws Exception {
        Tokens t = Tokens.load(MoonshineRecognizer.TOKENS);
        // ids from the LLaMA SentencePiece model: 1 <s>, 2 </s>, 29871 "▁", 13 <0x0A>
        assertThat(t.text(List.of(29871))).isEmpty();
        assertThat(t.text(List.of(1, 2, 0))).isEmpty(); // control tokens write nothing
    }

    @Test
    void piecesJoinWithSpacesWhereMarkedAndBytesDecodeAsUtf8() {
        Tokens t = Tokens.of(List.of("<unk>", "<s>", "</s>", "\u2581What", "'s", "\u2581my", "\u2581bal", "ance", "?",
                "<0xC3>", "<0xA9>", "\u2581caf"));
        assertThat(t.text(List.of(3, 4, 5, 6, 7, 8))).isEqualTo("What's my balance?");
        assertThat(t.text(List.of(11, 9, 10))).isEqualTo("café");
        assertThat(t.text(List.of(3, 40000))).isEqualTo("What"); // an id past the list writes nothing
    }

    @Test
    void aMissingListIsALoadErrorNamingIt() {
        assertThatThrownBy(() -> Tokens.load("no/such/tokens.txt")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no/such/tokens.txt");
    }
}
