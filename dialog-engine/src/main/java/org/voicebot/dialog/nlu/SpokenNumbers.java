package org.voicebot.dialog.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds runs of digits in a transcript, however the recognizer wrote them: "40012345", "4 0 0 1",
 * "four oh oh one", "forty five", "double two", "4111-1111-1111-1111".
 */
public final class SpokenNumbers {

  /** One run of digits and where it sits in the original text (end exclusive). */
  public record DigitRun(String digits, int start, int end) {}

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z]+|[0-9]+");
  private static final Map<String, String> UNITS =
      Map.of("zero", "0", "one", "1", "two", "2", "three", "3", "four", "4", "five", "5", "six", "6",
          "seven", "7", "eight", "8", "nine", "9");
  private static final Map<String, String> TEENS =
      Map.of("ten", "10", "eleven", "11", "twelve", "12", "thirteen", "13", "fourteen", "14",
          "fifteen", "15", "sixteen", "16", "seventeen", "17", "eighteen", "18", "nineteen", "19");
  private static final Map<String, String> TENS =
      Map.of("twenty", "2", "thirty", "3", "forty", "4", "fourty", "4", "fifty", "5", "sixty", "6",
          "seventy", "7", "eighty", "8", "ninety", "9");
  private static final Set<String> ZERO_LETTER = Set.of("oh", "o");
  /**
   * Ordinary words a recognizer writes for a digit word it heard ("one to three", "three of three of five": "oh" run
   * into the next digit). Read as that digit only between two digits, where no caller means the word itself.
   */
  private static final Map<String, String> SOUND_ALIKES =
      Map.of("to", "two", "too", "two", "for", "four", "fore", "four", "won", "one", "ate", "eight", "of", "oh",
          "owe", "oh");
  private static final Set<String> FILLERS = Set.of("uh", "um", "er", "ah", "hmm", "umm", "uhm", "erm");
  /** Words a recognizer uses for digits; they belong to the grammar of a digits prompt. */
  public static final List<String> DIGIT_WORDS =
      List.of("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple");

  private SpokenNumbers() {}

  private record Tok(String text, int start, int end) {}

  /** Every run of digits in {@code text}, in order. A run of only "oh"s is not a number. */
  public static List<DigitRun> runs(String text) {
    List<Tok> toks = new ArrayList<>();
    Matcher m = TOKEN.matcher(text == null ? "" : text);
    while (m.find()) {
      toks.add(new Tok(m.group().toLowerCase(Locale.ROOT), m.start(), m.end()));
    }
    readSoundAlikes(toks);
    List<DigitRun> out = new ArrayList<>();
    StringBuilder digits = new StringBuilder();
    int start = -1;
    int end = -1;
    boolean real = false;
    for (int i = 0; i < toks.size(); i++) {
      Tok t = toks.get(i);
      String w = t.text();
      String add = null;
      boolean isReal = true;
      if (Character.isDigit(w.charAt(0))) {
        add = w;
      } else if (UNITS.containsKey(w)) {
        add = UNITS.get(w);
      } else if (TEENS.containsKey(w)) {
        add = TEENS.get(w);
      } else if (TENS.containsKey(w)) {
        String next = i + 1 < toks.size() ? toks.get(i + 1).text() : "";
        if (UNITS.containsKey(next) && !next.equals("zero")) {
          add = TENS.get(w) + UNITS.get(next);
          i++;
          t = new Tok(w, t.start(), toks.get(i).end());
        } else {
          add = TENS.get(w) + "0";
        }
      } else if ((w.equals("double") || w.equals("triple")) && i + 1 < toks.size()) {
        String next = toks.get(i + 1).text();
        String d = UNITS.containsKey(next) ? UNITS.get(next)
            : ZERO_LETTER.contains(next) ? "0"
            : next.length() == 1 && Character.isDigit(next.charAt(0)) ? next : null;
        if (d != null) {
          add = d.repeat(w.equals("double") ? 2 : 3);
          i++;
          t = new Tok(w, t.start(), toks.get(i).end());
        }
      } else if (ZERO_LETTER.contains(w)) {
        add = "0";
        isReal = false;
      } else if (FILLERS.contains(w) && start >= 0) {
        continue; // a hesitation inside a run does not end it
      }
      if (add == null) {
        if (start >= 0 && real) {
          out.add(new DigitRun(digits.toString(), start, end));
        }
        digits.setLength(0);
        start = -1;
        real = false;
        continue;
      }
      if (start < 0) {
        start = t.start();
      }
      digits.append(add);
      end = t.end();
      real |= isReal;
    }
    if (start >= 0 && real) {
      out.add(new DigitRun(digits.toString(), start, end));
    }
    return out;
  }

  /**
   * Replaces, in place, sound-alikes that stand between two digits ("one to to three": both) with the digit words
   * they stand for.
   */
  private static void readSoundAlikes(List<Tok> toks) {
    for (int i = 1; i + 1 < toks.size(); i++) {
      if (!SOUND_ALIKES.containsKey(toks.get(i).text()) || !isDigit(toks.get(i - 1).text())) {
        continue;
      }
      int end = i;
      while (end < toks.size() && SOUND_ALIKES.containsKey(toks.get(end).text())) {
        end++;
      }
      if (end < toks.size() && isDigit(toks.get(end).text())) {
        for (int j = i; j < end; j++) {
          Tok t = toks.get(j);
          toks.set(j, new Tok(SOUND_ALIKES.get(t.text()), t.start(), t.end()));
        }
      }
      i = end;
    }
  }

  /** One digit as a recognizer writes it: "7", "seven", "oh". Not "seventy": a tens word starts a number. */
  private static boolean isDigit(String w) {
    return w.length() == 1 && Character.isDigit(w.charAt(0)) || UNITS.containsKey(w) || ZERO_LETTER.contains(w);
  }

  /** The longest run of digits in {@code text}, or "" when there is none. */
  public static String longestRun(String text) {
    String best = "";
    for (DigitRun r : runs(text)) {
      if (r.digits().length() > best.length()) {
        best = r.digits();
      }
    }
    return best;
  }

  /** All digits of all runs, joined: a caller who pauses mid-number produces several runs. */
  public static String allDigits(String text) {
    StringBuilder sb = new StringBuilder();
    for (DigitRun r : runs(text)) {
      sb.append(r.digits());
    }
    return sb.toString();
  }

  /** "40012345" as "4 0 0 1 2 3 4 5": how a TTS engine should read an identifier. */
  public static String spaced(String digits) {
    StringBuilder sb = new StringBuilder();
    for (char c : digits.toCharArray()) {
      if (Character.isDigit(c)) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
