package org.voicebot.gateway.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a bot reply into sentences so that the first one can play while the rest are synthesized.
 *
 * <p>A sentence ends at {@code .}, {@code !} or {@code ?} (with any closing quotes or brackets) followed
 * by white space and then something that can start a sentence (a letter, digit or opening quote). A
 * period is not an end when the word it closes is a known abbreviation ("Mr.", "Dr.", "St.", "e.g.",
 * "a.m.", "p.m."...) or a single letter ("J. Smith", "U.S."): splitting there would make Mary read the
 * pieces with a sentence-final fall. Decimals ("3.50") and times ("8.30") never split, since no white
 * space follows the period. Surrounding white space is removed; blank input gives an empty list.
 */
public final class SentenceSplitter {

  /** Words, lower case and without the final period, that end with a period but rarely end a sentence. */
  private static final Set<String> ABBREVIATIONS = Set.of(
      "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "mt", "ft", "ave", "rd", "blvd",
      "a.m", "p.m", "e.g", "i.e", "etc", "vs", "approx", "dept", "est", "inc", "ltd", "co",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k", "acct", "ref", "tel");

  private SentenceSplitter() {}

  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != '.' && c != '!' && c != '?') {
        continue;
      }
      int end = i + 1;
      while (end < n && isCloser(text.charAt(end))) {
        end++;
      }
      int next = end;
      while (next < n && Character.isWhitespace(text.charAt(next))) {
        next++;
      }
      if (next == end || next >= n || !canStartSentence(text.charAt(next))) {
        continue;
      }
      if (c == '.' && (isAbbreviation(text, start, i) || isNumberSign(text, start, i, next))) {
        continue;
      }
      add(out, text.substring(start, end));
      start = next;
      i = next - 1;
    }
    add(out, text.substring(start));
    return out;
  }

  /** The word that the period at {@code dot} closes is an abbreviation or a lone initial. */
  private static boolean isAbbreviation(String text, int sentenceStart, int dot) {
    int from = dot;
    while (from > sentenceStart && !Character.isWhitespace(text.charAt(from - 1))
        && text.charAt(from - 1) != '(' && text.charAt(from - 1) != '"') {
      from--;
    }
    String word = text.substring(from, dot).toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      return false;
    }
    if (ABBREVIATIONS.contains(word)) {
      return true;
    }
    // "J." or the inner letters of "U.S.A."
    return word.length() == 1 && Character.isLetter(word.charAt(0))
        || word.matches("([a-z]\\.)+[a-z]");
  }

  /** "No. 5": "no." is an abbreviation only before a number ("The answer is no. Thanks." splits). */
  private static boolean isNumberSign(String text, int sentenceStart, int dot, int next) {
    return dot - sentenceStart >= 2 && text.regionMatches(true, dot - 2, "no", 0, 2)
        && (dot - 2 == sentenceStart || !Character.isLetter(text.charAt(dot - 3)))
        && Character.isDigit(text.charAt(next));
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201d' || c == '\u2019'
        || c == '.' || c == '!' || c == '?';
  }

  private static boolean canStartSentence(char c) {
    return Character.isLetterOrDigit(c) || c == '"' || c == '\u201c' || c == '(' || c == '\'';
  }

  private static void add(List<String> out, String s) {
    String t = s.strip();
    if (!t.isEmpty()) {
      out.add(t);
    }
  }
}
