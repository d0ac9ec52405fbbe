package org.voicebot.gateway.asr.sphinx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.voicebot.gateway.asr.DialogVocabulary;

/**
 * A JSGF grammar generated from a dialog's own phrases plus a loop of spoken digits.
 *
 * <pre>
 * public &lt;utterance&gt; = &lt;phrase&gt; | &lt;digits&gt;;
 * &lt;phrase&gt; = what is my balance | agent | ...;
 * &lt;digits&gt; = &lt;digit&gt;+;
 * &lt;digit&gt; = zero | oh | one | ... | nine;
 * </pre>
 *
 * Phrases are lower-cased; characters other than letters, apostrophes and spaces are dropped; each
 * digit character becomes its word ("4" becomes "four", "24" becomes "two four"). Words the CMU
 * dictionary does not know are removed from their phrase and the rest of the phrase is kept, because
 * the remaining words still match most of what the caller says and the dialog's intent matching is
 * tolerant of a missing word; dropping the whole phrase would make it unrecognisable. A phrase left with
 * no words is dropped.
 *
 * <p>A phrase followed by digits ("my account number is four two") is deliberately not in the grammar:
 * measured, it let the digit loop append stray digits to ordinary phrases ("what are your opening hours
 * two"). Callers say the number as its own utterance.
 */
final class DialogGrammar {
    static final String NAME = "dialog";
    static final List<String> DIGIT_WORDS =
            List.of("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    private static final String[] DIGIT_NAMES =
            {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    private static final Pattern NOT_WORD_CHAR = Pattern.compile("[^a-z' ]+");

    private final List<String> phrases;
    private final SortedSet<String> unknownWords;
    private final List<String> droppedPhrases;

    private DialogGrammar(List<String> phrases, SortedSet<String> unknownWords, List<String> droppedPhrases) {
        this.phrases = phrases;
        this.unknownWords = unknownWords;
        this.droppedPhrases = droppedPhrases;
    }

    /**
     * @param known given all candidate words, returns those the pronouncing dictionary knows
     */
    static DialogGrammar build(Collection<String> rawPhrases, Function<Collection<String>, Set<String>> known) {
        List<List<String>> tokenised = new ArrayList<>();
        Set<String> allWords = new LinkedHashSet<>(DIGIT_WORDS);
        for (String raw : rawPhrases) {
            List<String> words = normalise(raw);
            tokenised.add(words);
            allWords.addAll(words);
        }
        Set<String> knownWords = known.apply(allWords);
        for (String digit : DIGIT_WORDS) {
            if (!knownWords.contains(digit)) {
                throw new IllegalStateException("pronouncing dictionary lacks digit word '" + digit + "'");
            }
        }
        SortedSet<String> unknown = new TreeSet<>();
        Set<String> kept = new LinkedHashSet<>();
        List<String> dropped = new ArrayList<>();
        int i = 0;
        for (String raw : rawPhrases) {
            List<String> words = new ArrayList<>();
            for (String w : tokenised.get(i++)) {
                if (knownWords.contains(w)) {
                    words.add(w);
                } else {
                    unknown.add(w);
                }
            }
            if (words.isEmpty()) {
                dropped.add(raw);
            } else {
                kept.add(String.join(" ", words));
            }
        }
        return new DialogGrammar(List.copyOf(kept), Collections.unmodifiableSortedSet(unknown), List.copyOf(dropped));
    }

    /** Name of the open-prompt grammar (see {@link #requestJsgf}). */
    static final String REQUEST = "request";
    /** Name of the digit-prompt grammar (see {@link #digitsJsgf}). */
    static final String DIGITS = "digits";

    /**
     * The open-prompt grammar: the dialog's request and command phrases, each with optional generic words
     * before and after, and no free digit loop (measured: at an open prompt the digit loop turned
     * requests it could not match into long digit strings).
     *
     * @param requestPhrases the intent examples and command phrases (not single synonyms or keywords)
     */
    static String requestJsgf(Collection<String> requestPhrases, Function<Collection<String>, Set<String>> known) {
        List<String> phrases = keptPhrases(requestPhrases, known);
        List<String> leads = keptPhrases(DialogVocabulary.REQUEST_LEAD_INS, known);
        List<String> tails = keptPhrases(DialogVocabulary.REQUEST_TAILS, known);
        StringBuilder sb = new StringBuilder("#JSGF V1.0;\n\ngrammar ").append(REQUEST).append(";\n\n");
        sb.append("public <utterance> = [<lead>] <phrase> [<tail>];\n\n");
        sb.append("<lead> = ").append(String.join(" | ", leads)).append(";\n\n");
        sb.append("<tail> = ").append(String.join(" | ", tails)).append(";\n\n");
        sb.append("<phrase> =\n    ").append(String.join("\n  | ", phrases)).append(";\n");
        return sb.toString();
    }

    /**
     * The digit-prompt grammar: a digit string with an optional lead-in ("my zip code is ..."), or one of
     * the escape phrases (commands such as "agent", "help", "repeat that").
     *
     * @param escapes   phrases a caller may say instead of the number (the dialog's command phrases)
     * @param slotNames spoken names of the dialog's digit slots ("account number", "zip code")
     */
    static String digitsJsgf(Collection<String> escapes, Collection<String> slotNames,
            Function<Collection<String>, Set<String>> known) {
        List<String> leads = new ArrayList<>(DialogVocabulary.DIGIT_LEAD_INS);
        for (String name : slotNames) {
            leads.add("my " + name + " is");
            leads.add("the " + name + " is");
            leads.add(name + " is");
            leads.add(name);
        }
        List<String> kept = keptPhrases(leads, known);
        List<String> esc = keptPhrases(escapes, known);
        StringBuilder sb = new StringBuilder("#JSGF V1.0;\n\ngrammar ").append(DIGITS).append(";\n\n");
        // Half the prior on the number the prompt asked for, half shared by the escapes.
        sb.append("public <utterance> = [<lead>] <digits>").append(esc.isEmpty() ? "" : " | <escape>").append(";\n\n");
        sb.append("<lead> = ").append(String.join(" | ", kept)).append(";\n\n");
        if (!esc.isEmpty()) {
            sb.append("<escape> =\n    ").append(String.join("\n  | ", esc)).append(";\n\n");
        }
        sb.append("<digits> = <digit>+;\n\n");
        sb.append("<digit> = ").append(String.join(" | ", DIGIT_WORDS)).append(";\n");
        return sb.toString();
    }

    /** The phrases normalised, words the dictionary lacks removed, empty ones and duplicates dropped. */
    private static List<String> keptPhrases(Collection<String> raw, Function<Collection<String>, Set<String>> known) {
        return build(raw, known).phrases();
    }

    /** Lower-case words of a phrase, digits spelled out, punctuation other than apostrophes removed. */
    static List<String> normalise(String phrase) {
        StringBuilder sb = new StringBuilder();
        for (char c : phrase.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= '0' && c <= '9') {
                sb.append(' ').append(DIGIT_NAMES[c - '0']).append(' ');
            } else if (c == '\u2019') {
                sb.append('\'');
            } else if (Character.isWhitespace(c) || c == '-' || c == '/') {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        String cleaned = NOT_WORD_CHAR.matcher(sb).replaceAll("");
        List<String> words = new ArrayList<>();
        for (String w : cleaned.trim().split(" +")) {
            String t = stripApostrophes(w);
            if (!t.isEmpty()) {
                words.add(t);
            }
        }
        return words;
    }

    private static String stripApostrophes(String w) {
        int s = 0;
        int e = w.length();
        while (s < e && w.charAt(s) == '\'') {
            s++;
        }
        while (e > s && w.charAt(e - 1) == '\'') {
            e--;
        }
        return w.substring(s, e);
    }

    /** The JSGF source text. */
    String jsgf() {
        StringBuilder sb = new StringBuilder();
        sb.append("#JSGF V1.0;\n\n");
        sb.append("grammar ").append(NAME).append(";\n\n");
        if (phrases.isEmpty()) {
            sb.append("public <utterance> = <digits>;\n\n");
        } else {
            // Weighted so that every phrase is as likely a priori as the whole digit loop: unweighted, the
            // loop took half the probability mass and won over any phrase the acoustics did not make
            // overwhelming ("what's my balance" came out as "oh nine eight nine nine").
            sb.append("public <utterance> = /").append(phrases.size()).append("/ <phrase> | /1/ <digits>;\n\n");
            sb.append("<phrase> =\n    ").append(String.join("\n  | ", phrases)).append(";\n\n");
        }
        sb.append("<digits> = <digit>+;\n\n");
        sb.append("<digit> = ").append(String.join(" | ", DIGIT_WORDS)).append(";\n");
        return sb.toString();
    }

    /** The normalised phrases in the grammar, in first-seen order, without duplicates. */
    List<String> phrases() {
        return phrases;
    }

    /** Words that were left out because the dictionary has no pronunciation for them. */
    SortedSet<String> unknownWords() {
        return unknownWords;
    }

    /** Input phrases that had no known word left and were dropped. */
    List<String> droppedPhrases() {
        return droppedPhrases;
    }

    @Override
    public String toString() {
        return "DialogGrammar" + Arrays.asList(phrases.size() + " phrases", "unknown=" + unknownWords);
    }
}
