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

    /**
     * Words callers wrap around a request ("hi, I'd like to check my balance please"). Generic English, not
     * the dialog's: a phrase grammar without them rejects the whole utterance for one extra word.
     */
    public static final List<String> REQUEST_LEAD_INS = List.of("hi", "hello", "um", "uh", "yes", "yeah", "so", "okay",
            "please", "i'd like to", "i would like to", "i want to", "i need to", "can i", "can you", "could you",
            "can i please", "i'm calling to", "i'm calling about", "i'm calling because");
    public static final List<String> REQUEST_TAILS = List.of("please", "thanks", "thank you", "now", "today");
    /** What callers say before a number: "it's", "my account number is ...". */
    public static final List<String> DIGIT_LEAD_INS = List.of("it's", "it is", "that's", "yes it's", "sure it's", "okay it's",
            "um", "uh", "the number is", "my number is");

    /**
     * The longest phrase a grammar holds, in words. The grammar engine's reading serves short answers (digits, yes/no,
     * commands, short requests) and corroborates the free-speech reading (DialogEngine.choose); a caller's long way of
     * asking is the free recognizer's to hear, and every long example made the grammar, and Sphinx4's search with it,
     * larger.
     */
    static final int MAX_GRAMMAR_WORDS = 5;

    private static List<String> grammarSized(java.util.Collection<String> phrases) {
        List<String> out = new ArrayList<>();
        for (String p : phrases) {
            if (p.strip().split("\\s+").length <= MAX_GRAMMAR_WORDS) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every phrase, keyword and number word of the dialog plus the frustration cue phrases (the main grammar). */
    public static List<String> phrases(DialogEngine dialog, FrustrationConfig frustration) {
        List<String> phrases = grammarSized(dialog.recognitionPhrases());
        phrases.addAll(cues(frustration));
        return phrases;
    }

    /** The main grammar plus the open-prompt and digit-prompt grammars' phrases for the embedded engine. */
    public static SphinxRecognizer.Vocabulary sphinx(DialogEngine dialog, FrustrationConfig frustration) {
        List<String> requests = grammarSized(dialog.requestPhrases());
        requests.addAll(cues(frustration)); // "this is ridiculous" must be heard at an open prompt to count
        // A caller asked for digits may swear or say "I already told you" instead: the cues must be heard there too.
        List<String> commands = grammarSized(dialog.commandPhrases());
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
