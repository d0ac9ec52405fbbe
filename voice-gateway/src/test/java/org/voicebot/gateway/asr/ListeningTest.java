package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.DialogInput;
import org.voicebot.dialog.DialogState;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.UtteranceFeatures;
import org.voicebot.gateway.asr.sphinx.SphinxRecognizer;

/** Which grammar the gateway asks for as the sample dialog moves from prompt to prompt. */
class ListeningTest {
    private final DialogEngine dialog = new DialogEngine(builtIn(), FrustrationConfig.defaults(), org.voicebot.gateway.nlu.TestEmbeddings.shared());

    private static DialogDefinition builtIn() {
        try {
            return DialogDefinition.builtIn("utility-support");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DialogState say(DialogState s, String text) {
        return dialog.handle(s, new DialogInput.CallerSaid(text, 0.9, UtteranceFeatures.NONE)).state();
    }

    @Test
    void requestsAtTheGreetingDigitsAtTheAccountNumberPrompt() {
        DialogState s = dialog.handle(dialog.start("c1", "555"), new DialogInput.CallStarted("555")).state();
        assertThat(DialogVocabulary.listeningFor(dialog, s)).isEqualTo(Listening.REQUEST);
        s = say(s, "check my balance");
        assertThat(dialog.pendingSlotType(s)).isPresent();
        assertThat(DialogVocabulary.listeningFor(dialog, s)).isEqualTo(Listening.DIGITS);
    }

    @Test
    void theMainGrammarAtAMoneyPrompt() {
        DialogState s = dialog.handle(dialog.start("c1", "555"), new DialogInput.CallStarted("555")).state();
        s = say(s, "i'd like to pay my bill");
        assertThat(s.pendingSlot()).isEqualTo("amount");
        assertThat(DialogVocabulary.listeningFor(dialog, s)).isEqualTo(Listening.ANYTHING);
    }

    @Test
    void theVocabularyKeepsRequestsApartFromSingleSynonymsAndNumberWords() {
        SphinxRecognizer.Vocabulary v = DialogVocabulary.sphinx(dialog, FrustrationConfig.defaults());
        assertThat(v.requests()).contains("what's my balance", "agent", "ridiculous")
                .doesNotContain("down", "twenty", "january");
        assertThat(v.phrases()).contains("down", "twenty");
        assertThat(v.commands()).contains("agent", "repeat that").doesNotContain("check my balance");
        assertThat(v.digitSlotNames()).contains("account number", "zip code", "phone number")
                .doesNotContain("card number");
    }
}
