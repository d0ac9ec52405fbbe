package org.voicebot.dialog.nlu;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Spoken cardinal numbers as words, the way callers say amounts and days: "forty five", "a hundred and
 * twenty", "two thousand three hundred", "twenty first" (ordinals too, for dates). Digit tokens ("45")
 * count as well, since recognizers write either.
 */
public final class Cardinals {

  /** The words of spoken numbers, for a recognizer's vocabulary. */
  public static final List<String> WORDS = List.of("one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
      "thousand", "and", "a", "point");

  static final Map<String, Integer> SMALL = Map.ofEntries(
      Map.entry("zero", 0), Map.entry("oh", 0), Map.entry("one", 1), Map.entry("a", 1), Map.entry("two", 2),
      Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
      Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
      Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
      Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
      Map.entry("nineteen", 19));
  static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fourty", 40,
      "fifty", 50, "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
  static final Map<String, Integer> ORDINALS = Map.ofEntries(
      Map.entry("first", 1), Map.entry("second", 2), Map.entry("third", 3), Map.entry("fourth", 4),
      Map.entry("fifth", 5), Map.entry("sixth", 6), Map.entry("seventh", 7), Map.entry("eighth", 8),
      Map.entry("ninth", 9), Map.entry("tenth", 10), Map.entry("eleventh", 11), Map.entry("twelfth", 12),
      Map.entry("thirteenth", 13), Map.entry("fourteenth", 14), Map.entry("fifteenth", 15),
      Map.entry("sixteenth", 16), Map.entry("seventeenth", 17), Map.entry("eighteenth", 18),
      Map.entry("nineteenth", 19), Map.entry("twentieth", 20), Map.entry("thirtieth", 30));

  /** A number read from {@code words[from..end)}; {@code end} is where reading stopped. */
  record Reading(long value, int end, boolean ordinal) {}

  private Cardinals() {}

  /**
   * Reads the longest number starting at {@code from}: digits ("45", "21st"), or words up to the
   * millions with optional "and" ("one hundred and five"). Empty when no number starts there.
   */
  static java.util.Optional<Reading> read(List<String> words, int from) {
    if (from >= words.size()) {
      return java.util.Optional.empty();
    }
    String first = words.get(from);
    OptionalLong digits = digitToken(first);
    if (digits.isPresent()) {
      return java.util.Optional.of(new Reading(digits.getAsLong(), from + 1, first.matches("\\d+(st|nd|rd|th)")));
    }
    long total = 0;
    long group = 0;
    int i = from;
    int lastGood = -1;
    boolean ordinal = false;
    boolean sawTens = false;
    while (i < words.size()) {
      String w = words.get(i);
      if (w.equals("a") && (i + 1 >= words.size() || !Set3.SCALES.contains(words.get(i + 1)))) {
        break; // "a" is only a number in "a hundred", "a thousand"
      }
      if (w.equals("oh") && i == from) {
        break; // "oh" alone is a digit run, not a cardinal
      }
      if (w.equals("and") && lastGood >= 0 && i + 1 < words.size() && isNumberWord(words.get(i + 1))) {
        i++;
        continue;
      }
      Integer small = SMALL.get(w);
      Integer tens = TENS.get(w);
      Integer ord = ORDINALS.get(w);
      if (small != null && !(sawTens && small >= 10) && (group % 100 == 0 || (sawTens && small < 10))) {
        group += small;
        sawTens = false;
      } else if (tens != null && group % 100 == 0) {
        group += tens;
        sawTens = true;
      } else if (ord != null && (group % 100 == 0 || (sawTens && ord < 10))) {
        group += ord;
        ordinal = true;
        lastGood = i;
        i++;
        break;
      } else if (w.equals("hundred") && lastGood >= 0 && group > 0 && group < 100) {
        group *= 100;
        sawTens = false;
      } else if ((w.equals("thousand") || w.equals("million")) && lastGood >= 0 && group > 0) {
        total += group * (w.equals("thousand") ? 1_000L : 1_000_000L);
        group = 0;
        sawTens = false;
      } else if (w.endsWith("ieth") && TENS.containsKey(w.replace("ieth", "y")) && group % 100 == 0) {
        group += TENS.get(w.replace("ieth", "y"));
        ordinal = true;
        lastGood = i;
        i++;
        break;
      } else {
        break;
      }
      lastGood = i;
      i++;
    }
    if (lastGood < 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Reading(total + group, lastGood + 1, ordinal));
  }

  static boolean isNumberWord(String w) {
    return SMALL.containsKey(w) || TENS.containsKey(w) || ORDINALS.containsKey(w) || Set3.SCALES.contains(w)
        || digitToken(w).isPresent();
  }

  private static OptionalLong digitToken(String w) {
    String d = w.replaceFirst("(st|nd|rd|th)$", "");
    if (!d.isEmpty() && d.length() <= 12 && d.chars().allMatch(Character::isDigit)) {
      return OptionalLong.of(Long.parseLong(d));
    }
    return OptionalLong.empty();
  }

  private static final class Set3 {
    static final java.util.Set<String> SCALES = java.util.Set.of("hundred", "thousand", "million");
  }
}
