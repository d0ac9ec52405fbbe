package org.voicebot.gateway.asr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.DialogState;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.slot.SlotType;
import org.voicebot.gateway.asr.sphinx.SphinxRecognizer;

/** What the recognizers may hear, taken from the active dialog, and which grammar fits the dialog's current prompt. */
public final class DialogVocabulary {
    private DialogVocabulary() {
    }

    /** Every phrase, keyword and number word of the dialog plus the frustration cue phrases (the main grammar). */
    public static List<String> phrases(DialogEngine dialog, FrustrationConfig frustration) {
        List<String> phrases = new ArrayList<>(dialog.recognitionPhrases());
        phrases.addAll(cues(frustration));
        return phrases;
    }

    /** The main grammar plus the open-prompt and digit-prompt grammars' phrases for the embedded engine. */
    public static SphinxRecognizer.Vocabulary sphinx(DialogEngine dialog, FrustrationConfig frustration) {
        List<String> requests = new ArrayList<>(dialog.requestPhrases());
        requests.addAll(cues(frustration)); // "this is ridiculous" must be heard at an open prompt to count
        // A caller asked for digits may swear or say "I already told you" instead: the cues must be heard there too.
        List<String> commands = new ArrayList<>(dialog.commandPhrases());
        commands.addAll(cues(frustration));
        return new SphinxRecognizer.Vocabulary(phrases(dialog, frustration), requests, commands,
                dialog.digitSlotNames());
    }

    private static List<String> cues(FrustrationConfig f) {
        List<String> out = new ArrayList<>(f.angerPhrases());
        out.addAll(f.alreadySaidPhrases());
        out.addAll(f.profanities());
        return out;
    }

    /** The kind of answer the dialog waits for in {@code state}. */
    public static Listening listeningFor(DialogEngine dialog, DialogState state) {
        Optional<SlotType> slot = dialog.pendingSlotType(state);
        if (slot.isEmpty()) {
            return Listening.REQUEST;
        }
        switch (slot.get()) {
            case DIGITS:
            case POSTAL_CODE:
            case PHONE:
                return Listening.DIGITS;
            case YES_NO:
                return Listening.REQUEST;
            default:
                return Listening.ANYTHING; // money, dates, free text: the main grammar has their number words
        }
    }
}
