package org.voicebot.dialog.nlu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money amounts as callers say them and recognizers write them: "$45.50", "45 dollars", "forty-five
 * dollars and fifty cents", "a hundred and twenty bucks", "forty five fifty" is NOT guessed (too
 * ambiguous); "fifty cents". Returns dollars with two decimals.
 */
public final class SpokenAmounts {

  private static final Pattern NUMERIC = Pattern.compile("\\$?\\s*((?:\\d{1,3}(?:,\\d{3})+)|\\d+)(?:\\.(\\d{1,2}))?");
  private static final Set<String> DOLLARS = Set.of("dollar", "dollars", "buck", "bucks", "usd");
  private static final Set<String> CENTS = Set.of("cent", "cents", "penny", "pennies");
  private static final BigDecimal MAX = new BigDecimal("1000000");
  /** Words of amounts beyond the numbers, for a recognizer's vocabulary. */
  public static final List<String> WORDS = List.of("dollars", "dollar", "cents", "cent", "bucks");

  private SpokenAmounts() {}

  /** The first amount in {@code text}, or empty. */
  public static Optional<BigDecimal> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Matcher m = NUMERIC.matcher(text);
    if (m.find()) {
      BigDecimal v = new BigDecimal(m.group(1).replace(",", ""));
      if (m.group(2) != null) {
        String c = m.group(2).length() == 1 ? m.group(2) + "0" : m.group(2);
        v = v.add(new BigDecimal(c).movePointLeft(2));
      } else {
        // "45 dollars 50" or "45 dollars and 50 cents" written with digits
        List<String> after = Text.words(text.substring(m.end()));
        int i = 0;
        if (i < after.size() && DOLLARS.contains(after.get(i))) {
          i++;
          v = v.add(cents(after, i).orElse(BigDecimal.ZERO));
        } else if (i < after.size() && CENTS.contains(after.get(i)) && !text.substring(0, m.start()).contains("$")) {
          v = v.movePointLeft(2);
        }
      }
      return bounded(v);
    }
    List<String> words = Text.words(text.replace('-', ' '));
    for (int i = 0; i < words.size(); i++) {
      Optional<Cardinals.Reading> r = Cardinals.read(words, i);
      if (r.isEmpty() || r.get().ordinal()) {
        continue;
      }
      int j = r.get().end();
      BigDecimal whole = BigDecimal.valueOf(r.get().value());
      if (j < words.size() && CENTS.contains(words.get(j))) {
        return whole.compareTo(BigDecimal.valueOf(100)) < 0 ? bounded(whole.movePointLeft(2)) : Optional.empty();
      }
      if (j < words.size() && DOLLARS.contains(words.get(j))) {
        return bounded(whole.add(cents(words, j + 1).orElse(BigDecimal.ZERO)));
      }
      if (j < words.size() && words.get(j).equals("point")) {
        Optional<BigDecimal> frac = decimals(words, j + 1);
        if (frac.isPresent()) {
          return bounded(whole.add(frac.get()));
        }
      }
      if (j - i == 1 && words.get(i).equals("one")) {
        continue; // "the first one", "that one": a bare "one" is rarely an amount ("one dollar" is caught above)
      }
      return bounded(whole); // a bare number at an amount prompt means whole dollars
    }
    return Optional.empty();
  }

  /** After "point": "fifty" or "five zero" is .50, "five" is .5, "oh five" is .05. */
  private static Optional<BigDecimal> decimals(List<String> words, int from) {
    Optional<Cardinals.Reading> r = Cardinals.read(words, from);
    if (r.isPresent() && r.get().value() >= 10 && r.get().value() < 100 && !r.get().ordinal()) {
      return Optional.of(BigDecimal.valueOf(r.get().value()).movePointLeft(2));
    }
    StringBuilder digits = new StringBuilder();
    for (int i = from; i < words.size() && digits.length() < 2; i++) {
      Integer d = Cardinals.SMALL.get(words.get(i));
      if (d == null || d > 9 || words.get(i).equals("a")) {
        break;
      }
      digits.append(d);
    }
    if (digits.length() == 0) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal("0." + digits));
  }

  /** "and fifty cents", "fifty", "50 cents" after the dollars. */
  private static Optional<BigDecimal> cents(List<String> words, int from) {
    int i = from;
    if (i < words.size() && words.get(i).equals("and")) {
      i++;
    }
    Optional<Cardinals.Reading> r = Cardinals.read(words, i);
    if (r.isEmpty() || r.get().ordinal() || r.get().value() >= 100) {
      return Optional.empty();
    }
    return Optional.of(BigDecimal.valueOf(r.get().value()).movePointLeft(2));
  }

  private static Optional<BigDecimal> bounded(BigDecimal v) {
    if (v.signum() <= 0 || v.compareTo(MAX) > 0) {
      return Optional.empty();
    }
    return Optional.of(v.setScale(2, RoundingMode.UNNECESSARY));
  }

  /** Keypad entry: dollars, then {@code *} and cents ("45*50" is $45.50, "120" is $120.00). */
  public static Optional<BigDecimal> fromKeys(String keys) {
    if (keys == null || !keys.matches("\\d{1,7}(\\*\\d{1,2})?")) {
      return Optional.empty();
    }
    String[] parts = keys.split("\\*");
    BigDecimal v = new BigDecimal(parts[0]);
    if (parts.length == 2) {
      String c = parts[1].length() == 1 ? parts[1] + "0" : parts[1];
      v = v.add(new BigDecimal(c).movePointLeft(2));
    }
    return bounded(v);
  }
}
