package org.voicebot.dialog.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpokenNumbersTest {

  @Test
  void digitsHoweverTheRecognizerWroteThem() {
    assertThat(SpokenNumbers.allDigits("40012345")).isEqualTo("40012345");
    assertThat(SpokenNumbers.allDigits("4 0 0 1")).isEqualTo("4001");
    assertThat(SpokenNumbers.allDigits("four oh oh one")).isEqualTo("4001");
    assertThat(SpokenNumbers.allDigits("forty five")).isEqualTo("45");
    assertThat(SpokenNumbers.allDigits("double two five")).isEqualTo("225");
    assertThat(SpokenNumbers.allDigits("it's nine oh two, um, one oh")).isEqualTo("90210");
  }

  @Test
  void aRunOfOnlyOhsIsNotANumber() {
    assertThat(SpokenNumbers.runs("oh oh")).isEmpty();
    assertThat(SpokenNumbers.runs("oh no")).isEmpty();
  }

  @Test
  void soundAlikesBetweenTwoDigitsAreDigits() {
    assertThat(SpokenNumbers.allDigits("three of three of five")).isEqualTo("30305");
    assertThat(SpokenNumbers.allDigits("one to three")).isEqualTo("123");
    assertThat(SpokenNumbers.allDigits("five for six")).isEqualTo("546");
    assertThat(SpokenNumbers.allDigits("seven ate nine")).isEqualTo("789");
    assertThat(SpokenNumbers.longestRun("it's 1 to 3 4")).isEqualTo("1234");
    assertThat(SpokenNumbers.allDigits("one to to three")).isEqualTo("1223");
  }

  @Test
  void soundAlikesElsewhereAreWords() {
    assertThat(SpokenNumbers.allDigits("i want to pay for two months")).isEqualTo("2");
    assertThat(SpokenNumbers.allDigits("one of my bills")).isEqualTo("1");
    assertThat(SpokenNumbers.allDigits("for one two")).isEqualTo("12");
    assertThat(SpokenNumbers.allDigits("one two to")).isEqualTo("12");
    assertThat(SpokenNumbers.runs("oh of oh")).isEmpty(); // still only zeros said as letters
  }

  @Test
  void runsKeepTheirPlaceInTheText() {
    List<SpokenNumbers.DigitRun> runs = SpokenNumbers.runs("card three of three of five please");
    assertThat(runs).containsExactly(new SpokenNumbers.DigitRun("30305", 5, 27));
  }

  /**
   * Any digit string, read aloud the ways callers and recognizers write it (digit words, figures, "oh", a
   * sound-alike between two digits, a hesitation), comes back as the same digits.
   */
  @Test
  void readAloudAnyWayTheDigitsComeBack() {
    Random random = new Random(20261130);
    String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    String[][] alikes = {{"of", "owe"}, {"won"}, {"to", "too"}, {}, {"for", "fore"}, {}, {}, {}, {"ate"}, {}};
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + random.nextInt(16);
      StringBuilder digits = new StringBuilder();
      boolean real = false; // a run of zeros said only as "oh" is not a number
      List<String> spoken = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int d = random.nextInt(10);
        digits.append(d);
        boolean inside = i > 0 && i < n - 1;
        int style = random.nextInt(5);
        if (style == 0) {
          spoken.add(Integer.toString(d));
          real = true;
        } else if (style == 1 && d == 0) {
          spoken.add("oh");
        } else if (style == 2 && inside && alikes[d].length > 0 && !spoken.get(spoken.size() - 1).equals("um")) {
          spoken.add(alikes[d][random.nextInt(alikes[d].length)]);
          real |= d != 0;
        } else {
          spoken.add(words[d]);
          real = true;
        }
        if (i < n - 1 && random.nextInt(20) == 0 && !isAlike(spoken.get(spoken.size() - 1), alikes)) {
          spoken.add("um");
        }
      }
      // A figure run into the next figure would be one token ("4 5" is two digits, "45" is forty-five).
      String text = String.join(" ", spoken);
      assertThat(SpokenNumbers.allDigits("so " + text + " thanks")).as(text).isEqualTo(real ? digits.toString() : "");
    }
  }

  private static boolean isAlike(String word, String[][] alikes) {
    for (String[] a : alikes) {
      for (String w : a) {
        if (w.equals(word)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void spacedForReadingAloud() {
    assertThat(SpokenNumbers.spaced("40012345")).isEqualTo("4 0 0 1 2 3 4 5");
  }
}
