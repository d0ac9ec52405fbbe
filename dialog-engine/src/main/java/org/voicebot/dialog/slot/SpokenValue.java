package org.voicebot.dialog.slot;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import org.voicebot.dialog.nlu.SpokenNumbers;

/** How a slot's stored value is read back to the caller: "45.50" as "45 dollars and 50 cents", a date with its weekday. */
public final class SpokenValue {

  private SpokenValue() {}

  public static String of(SlotType type, String value, LocalDate today) {
    try {
      if (type == SlotType.MONEY) {
        BigDecimal v = new BigDecimal(value);
        long dollars = v.longValue();
        int cents = v.remainder(BigDecimal.ONE).movePointRight(2).intValue();
        String d = dollars + (dollars == 1 ? " dollar" : " dollars");
        if (cents == 0) {
          return d;
        }
        String c = cents + (cents == 1 ? " cent" : " cents");
        return dollars == 0 ? c : d + " and " + c;
      }
      if (type == SlotType.DATE) {
        LocalDate d = LocalDate.parse(value);
        String s = d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US) + ", "
            + d.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + " " + ordinal(d.getDayOfMonth());
        return today != null && d.getYear() == today.getYear() ? s : s + ", " + d.getYear();
      }
    } catch (RuntimeException e) {
      return value; // not in the stored form (a dialog file's own value): read as is
    }
    return value.chars().allMatch(Character::isDigit) ? SpokenNumbers.spaced(value) : value;
  }

  private static String ordinal(int day) {
    int mod100 = day % 100;
    String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
        : day % 10 == 1 ? "st" : day % 10 == 2 ? "nd" : day % 10 == 3 ? "rd" : "th";
    return day + suffix;
  }
}
