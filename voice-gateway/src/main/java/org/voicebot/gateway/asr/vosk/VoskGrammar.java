package org.voicebot.gateway.asr.vosk;

import io.vertx.core.json.JsonArray;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A Vosk phrase-list grammar from the dialog's phrases: Vosk turns the list into a bigram language model
 * over those words (so phrases can be combined and digits strung together), and {@code [unk]} takes
 * speech that fits none of it, which the gateway then drops from the transcript.
 */
final class VoskGrammar {
    static final String UNKNOWN = "[unk]";
    private static final String[] DIGITS = {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine"};
    private static final String[] DIGIT_NAMES = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine"};

    private VoskGrammar() {
    }

    /** The JSON array Vosk's {@code Recognizer(model, rate, grammar)} takes. */
    static String json(Collection<String> phrases) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : phrases) {
            String n = normalise(p);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        for (String d : DIGITS) {
            out.add(d);
        }
        out.add(UNKNOWN);
        return new JsonArray(out.stream().toList()).encode();
    }

    /** Lower case, digits spelled out, punctuation other than inner apostrophes removed. */
    static String normalise(String phrase) {
        StringBuilder sb = new StringBuilder();
        for (char c : phrase.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= '0' && c <= '9') {
                sb.append(' ').append(DIGIT_NAMES[c - '0']).append(' ');
            } else if (Character.isLetter(c) || c == '\'') {
                sb.append(c);
            } else if (c == '\u2019') {
                sb.append('\'');
            } else {
                sb.append(' ');
            }
        }
        StringBuilder words = new StringBuilder();
        for (String w : sb.toString().trim().split("\\s+")) {
            String t = w.replaceAll("^'+|'+$", "");
            if (!t.isEmpty()) {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(t);
            }
        }
        return words.toString();
    }
}
