package org.voicebot.dialog.redact;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.voicebot.dialog.nlu.SpokenNumbers;
import org.voicebot.dialog.nlu.SpokenNumbers.DigitRun;

/**
 * Removes personal data from text before it leaves the dialog engine: payment card numbers (13 to 19
 * digits, typed, written or spoken, spaced or dashed) become "[card ending 1234]"; US social security
 * numbers and other national ids (nine digits written 3-2-4, or nine digits after words such as
 * "social security") become "[redacted]"; so does any run of more than 19 digits, which is how a card
 * number run together with an expiry date or a postal code looks.
 */
public final class Redactor {

  private static final Pattern SSN_SHAPE = Pattern.compile("\\d{3}[- ]\\d{2}[- ]\\d{4}");
  private static final List<String> ID_CONTEXT =
      List.of("social", "ssn", "security number", "national id", "national insurance", "tax id", "id number",
          "identity number", "sin number", "passport");
  private static final int CONTEXT_CHARS = 40;

  private Redactor() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<DigitRun> runs = SpokenNumbers.runs(text);
    if (runs.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int pos = 0;
    for (DigitRun r : runs) {
      String replacement = replacement(text, r);
      if (replacement == null) {
        continue;
      }
      out.append(text, pos, r.start()).append(replacement);
      pos = r.end();
    }
    out.append(text.substring(pos));
    return out.toString();
  }

  /** True when {@code text} holds something {@link #redact} would remove. */
  public static boolean containsSensitive(String text) {
    return text != null && !redact(text).equals(text);
  }

  private static String replacement(String text, DigitRun r) {
    int n = r.digits().length();
    if (n >= 13 && n <= 19) {
      return "[card ending " + r.digits().substring(n - 4) + "]";
    }
    if (n > 19) {
      return "[redacted]"; // a card number run into other digits (expiry, postal code): remove it all
    }
    if (n == 9) {
      String raw = text.substring(r.start(), r.end());
      String before = text.substring(Math.max(0, r.start() - CONTEXT_CHARS), r.start()).toLowerCase(Locale.ROOT);
      if (SSN_SHAPE.matcher(raw).matches() || ID_CONTEXT.stream().anyMatch(before::contains)) {
        return "[redacted]";
      }
    }
    return null;
  }
}
