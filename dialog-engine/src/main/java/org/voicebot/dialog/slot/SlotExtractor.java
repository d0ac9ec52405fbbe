package org.voicebot.dialog.slot;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.voicebot.dialog.nlu.SpokenAmounts;
import org.voicebot.dialog.nlu.SpokenDates;
import org.voicebot.dialog.nlu.SpokenNumbers;
import org.voicebot.dialog.nlu.Text;
import org.voicebot.dialog.redact.Redactor;

/** Reads a slot's value from a transcript or from keys pressed; empty when the input holds no valid value. */
public final class SlotExtractor {

  private static final Set<String> YES =
      Set.of("yes", "yeah", "yep", "yup", "yes please", "sure", "correct", "right", "that is right", "okay", "ok",
          "absolutely", "of course", "uh huh", "that is correct", "it is", "go ahead", "please do");
  private static final Set<String> NO =
      Set.of("no", "nope", "nah", "not really", "wrong", "incorrect", "that is wrong", "no it is not",
          "that is not right", "negative", "not that", "no thanks", "no thank you");

  private SlotExtractor() {}

  public static Optional<String> fromSpeech(SlotSpec spec, String text) {
    return fromSpeech(spec, text, null);
  }

  /** {@code today} is the call's date, needed for dates ("next Tuesday"); null means dates cannot be read. */
  public static Optional<String> fromSpeech(SlotSpec spec, String text, LocalDate today) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    switch (spec.type()) {
      case DIGITS:
      case POSTAL_CODE:
      case PHONE:
        return digits(spec, SpokenNumbers.longestRun(text))
            .or(() -> digits(spec, SpokenNumbers.allDigits(text)));
      case YES_NO:
        return yesNo(text);
      case MONEY:
        return SpokenAmounts.parse(text).map(BigDecimal::toPlainString);
      case DATE:
        return SpokenDates.parse(text, today).map(LocalDate::toString);
      case TEXT:
        return Optional.of(Redactor.redact(text.strip()));
      default:
        return Optional.empty();
    }
  }

  /** Keys pressed at this slot's prompt, without the closing #. */
  public static Optional<String> fromKeys(SlotSpec spec, String keys) {
    return fromKeys(spec, keys, null);
  }

  /** Keys pressed at this slot's prompt, without the closing #; {@code today} as for speech. */
  public static Optional<String> fromKeys(SlotSpec spec, String keys, LocalDate today) {
    if (spec.type() == SlotType.MONEY) {
      return SpokenAmounts.fromKeys(keys).map(BigDecimal::toPlainString);
    }
    if (spec.type() == SlotType.DATE) {
      return SpokenDates.fromKeys(keys, today).map(LocalDate::toString);
    }
    if (spec.type() == SlotType.YES_NO) {
      return keys.equals("1") ? Optional.of("yes") : keys.equals("2") ? Optional.of("no") : Optional.empty();
    }
    if (!spec.type().digitString() || !keys.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return digits(spec, keys);
  }

  /** "yes" or "no" when the utterance is (mostly) one of the usual ways to say so. */
  public static Optional<String> yesNo(String text) {
    List<String> words = Text.words(text);
    String all = String.join(" ", words);
    if (YES.contains(all)) {
      return Optional.of("yes");
    }
    if (NO.contains(all)) {
      return Optional.of("no");
    }
    if (words.isEmpty() || words.size() > 4) {
      return Optional.empty();
    }
    String first = words.get(0);
    if (YES.contains(first) && words.stream().noneMatch(NO::contains)) {
      return Optional.of("yes");
    }
    if (NO.contains(first) && words.stream().noneMatch(YES::contains)) {
      return Optional.of("no");
    }
    return Optional.empty();
  }

  private static Optional<String> digits(SlotSpec spec, String digits) {
    int n = digits.length();
    if (n == 0 || n < spec.minLength() || n > spec.maxLength()) {
      return Optional.empty();
    }
    if (spec.type() == SlotType.POSTAL_CODE && n != 5 && n != 9) {
      return Optional.empty();
    }
    return Optional.of(digits);
  }
}
