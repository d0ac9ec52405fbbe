package org.voicebot.dialog.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Word-level text handling shared by the classifier, slot extraction and redaction. */
public final class Text {

  private static final Map<String, String> CONTRACTIONS =
      Map.ofEntries(
          Map.entry("what's", "what is"), Map.entry("can't", "can not"), Map.entry("cannot", "can not"),
          Map.entry("won't", "will not"), Map.entry("don't", "do not"), Map.entry("doesn't", "does not"),
          Map.entry("isn't", "is not"), Map.entry("i'm", "i am"), Map.entry("it's", "it is"),
          Map.entry("i've", "i have"), Map.entry("i'd", "i would"), Map.entry("that's", "that is"),
          Map.entry("there's", "there is"), Map.entry("didn't", "did not"), Map.entry("wasn't", "was not"),
          Map.entry("aren't", "are not"), Map.entry("you're", "you are"), Map.entry("we're", "we are"),
          Map.entry("they're", "they are"), Map.entry("let's", "let us"), Map.entry("haven't", "have not"),
          Map.entry("i'll", "i will"), Map.entry("where's", "where is"), Map.entry("how's", "how is"),
          Map.entry("who's", "who is"), Map.entry("couldn't", "could not"), Map.entry("wouldn't", "would not"),
          Map.entry("hasn't", "has not"), Map.entry("ain't", "is not"), Map.entry("y'all", "you"),
          Map.entry("gonna", "going to"), Map.entry("wanna", "want to"), Map.entry("gotta", "got to"));

  private Text() {}

  /** Lower-case words of {@code text}: contractions expanded, punctuation dropped, digits kept as tokens. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String s = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
    for (String raw : s.split("[^a-z0-9']+")) {
      String w = raw.replaceAll("^'+|'+$", "");
      if (w.isEmpty()) {
        continue;
      }
      String expanded = CONTRACTIONS.get(w);
      if (expanded != null) {
        for (String part : expanded.split(" ")) {
          out.add(part);
        }
      } else if (w.endsWith("n't")) {
        out.add(w.substring(0, w.length() - 3));
        out.add("not");
      } else {
        out.add(w.replace("'", ""));
      }
    }
    return out;
  }

  /**
   * Lower case, letters, digits and apostrophes, single spaces: what a sentence-embedding model reads. Contractions
   * stay as said ("what's"): the model knows them.
   */
  public static String plain(String text) {
    if (text == null) {
      return "";
    }
    return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'')
        .replaceAll("[^a-z0-9']+", " ").strip();
  }

  /** Lower-case words joined by single spaces: the form used for grammar phrases and comparisons. */
  public static String normalize(String text) {
    return String.join(" ", words(text));
  }

  /** A crude English stemmer: enough to make "moving", "moved" and "move" meet; fuzzy matching does the rest. */
  public static String stem(String w) {
    String s = w;
    if (s.length() > 5 && s.endsWith("ing")) {
      s = s.substring(0, s.length() - 3);
    } else if (s.length() > 4 && s.endsWith("ies")) {
      s = s.substring(0, s.length() - 3) + "y";
    } else if (s.length() > 4 && s.endsWith("ed")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.length() > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.length() > 3 && s.endsWith("e")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** Levenshtein distance. */
  public static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * A sound key in the spirit of Soundex, without truncation: the first letter, then consonant classes,
   * vowels dropped, repeats collapsed. "bill" and "bell" share a key; recognizers confuse such words.
   */
  public static String soundKey(String w) {
    if (w.isEmpty()) {
      return w;
    }
    StringBuilder sb = new StringBuilder().append(w.charAt(0));
    char last = code(w.charAt(0));
    for (int i = 1; i < w.length(); i++) {
      char c = code(w.charAt(i));
      if (c != '0' && c != last) {
        sb.append(c);
      }
      if (c != '-') {
        last = c;
      }
    }
    return sb.toString();
  }

  private static char code(char c) {
    switch (c) {
      case 'b': case 'f': case 'p': case 'v':
        return '1';
      case 'c': case 'g': case 'j': case 'k': case 'q': case 's': case 'x': case 'z':
        return '2';
      case 'd': case 't':
        return '3';
      case 'l':
        return '4';
      case 'm': case 'n':
        return '5';
      case 'r':
        return '6';
      case 'h': case 'w':
        return '-';
      default:
        return '0';
    }
  }

  /**
   * How alike two (stemmed) words are, 0..1: 1 when equal; for words of four letters or more a high value
   * when they are one or two edits apart or sound alike (recognizer errors); 0 otherwise.
   */
  public static double similarity(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    int min = Math.min(a.length(), b.length());
    if (min < 4) {
      return 0.0;
    }
    int max = Math.max(a.length(), b.length());
    double edit = 1.0 - (double) editDistance(a, b) / max;
    double s = edit >= 0.74 ? 0.9 * edit : 0.0;
    if (edit >= 0.5 && a.charAt(0) == b.charAt(0) && soundKey(a).equals(soundKey(b))) {
      s = Math.max(s, 0.75);
    }
    return s;
  }

  /** Counts words, as a TTS engine would speak them. */
  public static int wordCount(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
