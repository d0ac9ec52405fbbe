package org.voicebot.gateway.asr.moonshine;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Moonshine writes text as a person would ("Four, zero, zero.", "90210.", "I'd like to pay my bill."); the
 * gateway's transcripts are lower-case words separated by single spaces, as the other engines give them.
 * Digits stay digits (the dialog's number readers take "90210" and "9 0 2 1 0" as well as words); an
 * apostrophe stays inside a word ("what's"), every other mark becomes a word break.
 */
final class TranscriptText {
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9']+");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(^|\\s)'+|'+(\\s|$)");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TranscriptText() {
    }

    static String normalise(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        t = NOT_WORD.matcher(t).replaceAll(" ");
        t = LONE_APOSTROPHE.matcher(t).replaceAll(" ");
        return SPACES.matcher(t.strip()).replaceAll(" ");
    }
}
