package org.voicebot.dialog.nlu;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calendar dates as callers say them, resolved against the call's own date (passed in: the dialog has
 * no clock): "today", "tomorrow", "the day after tomorrow", "Tuesday", "next Tuesday", "this Friday",
 * "in three days", "in two weeks", "December third", "the 3rd of December", "3 December 2026", "12/3",
 * "12/03/2026", "the fifth" (this month, or next month when the fifth has passed). Dates are about
 * things to come (a move, an appointment): a day and month without a year that already passed this
 * year means next year.
 *
 * <p>"Next Tuesday" is the first Tuesday after today (a week from today when today is Tuesday), which is
 * what most callers mean; the bot reads the date back in the confirmation, so a caller who meant the
 * week after can correct it.
 */
public final class SpokenDates {

  private static final Map<String, DayOfWeek> WEEKDAYS = Map.of("monday", DayOfWeek.MONDAY, "tuesday",
      DayOfWeek.TUESDAY, "wednesday", DayOfWeek.WEDNESDAY, "thursday", DayOfWeek.THURSDAY, "friday",
      DayOfWeek.FRIDAY, "saturday", DayOfWeek.SATURDAY, "sunday", DayOfWeek.SUNDAY);
  private static final Pattern SLASHED = Pattern.compile("\\b(\\d{1,2})[/-](\\d{1,2})(?:[/-](\\d{2}|\\d{4}))?\\b");
  private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");

  /** Words of dates beyond the numbers, for a recognizer's vocabulary. */
  public static final List<String> WORDS = List.of("today", "tomorrow", "the day after tomorrow", "next", "this",
      "on", "in", "days", "weeks", "next week", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
      "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
      "eighteenth", "nineteenth", "twentieth", "thirtieth", "the", "of");

  private SpokenDates() {}

  /** The first date in {@code text}, or empty; {@code today} is the call's date. */
  public static Optional<LocalDate> parse(String text, LocalDate today) {
    if (text == null || text.isBlank() || today == null) {
      return Optional.empty();
    }
    Matcher iso = ISO.matcher(text);
    if (iso.find()) {
      return date(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
    }
    Matcher slash = SLASHED.matcher(text);
    if (slash.find()) {
      // US order, month first
      int month = Integer.parseInt(slash.group(1));
      int day = Integer.parseInt(slash.group(2));
      if (slash.group(3) != null) {
        int y = Integer.parseInt(slash.group(3));
        return date(y < 100 ? 2000 + y : y, month, day);
      }
      return upcoming(today, month, day);
    }
    List<String> w = Text.words(text.replace('-', ' '));
    for (int i = 0; i < w.size(); i++) {
      String word = w.get(i);
      if (word.equals("today")) {
        return Optional.of(today);
      }
      if (word.equals("tomorrow")) {
        boolean after = i >= 3 && w.get(i - 1).equals("after") && w.get(i - 2).equals("day");
        return Optional.of(today.plusDays(after ? 2 : 1));
      }
      if (WEEKDAYS.containsKey(word)) {
        DayOfWeek dow = WEEKDAYS.get(word);
        String before = i > 0 ? w.get(i - 1) : "";
        if (before.equals("this") || before.equals("on") || before.equals("coming")) {
          return Optional.of(today.with(TemporalAdjusters.nextOrSame(dow)));
        }
        return Optional.of(today.with(TemporalAdjusters.next(dow)));
      }
      if (word.equals("in") && i + 2 < w.size()) {
        Optional<Cardinals.Reading> n = Cardinals.read(w, i + 1);
        if (n.isPresent() && !n.get().ordinal() && n.get().end() < w.size() && n.get().value() <= 366) {
          String unit = w.get(n.get().end());
          long k = n.get().value();
          if (unit.startsWith("day")) {
            return Optional.of(today.plusDays(k));
          }
          if (unit.startsWith("week")) {
            return Optional.of(today.plusWeeks(k));
          }
        }
      }
      if (word.equals("week") && i > 0 && w.get(i - 1).equals("next") && !(i + 1 < w.size()
          && WEEKDAYS.containsKey(w.get(i + 1)))) {
        return Optional.of(today.plusWeeks(1));
      }
      Optional<Month> month = month(word);
      if (month.isPresent()) {
        // "December third", "December the 3rd", "December 3 2026"
        int j = i + 1;
        if (j < w.size() && w.get(j).equals("the")) {
          j++;
        }
        Optional<Cardinals.Reading> day = Cardinals.read(w, j);
        if (day.isPresent() && day.get().value() >= 1 && day.get().value() <= 31) {
          return withYear(today, month.get().getValue(), (int) day.get().value(), w, day.get().end());
        }
        // "the third of December", "3 December"
        Optional<Integer> before = dayBefore(w, i);
        if (before.isPresent()) {
          return withYear(today, month.get().getValue(), before.get(), w, i + 1);
        }
      }
    }
    // "the fifth": a day of this month (or next, once it has passed)
    for (int i = 0; i + 1 < w.size(); i++) {
      if (w.get(i).equals("the")) {
        Optional<Cardinals.Reading> day = Cardinals.read(w, i + 1);
        if (day.isPresent() && day.get().ordinal() && day.get().value() >= 1 && day.get().value() <= 31) {
          LocalDate d = today.withDayOfMonth(1);
          for (int k = 0; k < 13; k++, d = d.plusMonths(1)) {
            Optional<LocalDate> c = date(d.getYear(), d.getMonthValue(), (int) day.get().value());
            if (c.isPresent() && !c.get().isBefore(today)) {
              return c;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Keypad entry: MMDD (the next such date) or MMDDYYYY. */
  public static Optional<LocalDate> fromKeys(String keys, LocalDate today) {
    if (keys == null || today == null || !(keys.matches("\\d{4}") || keys.matches("\\d{8}"))) {
      return Optional.empty();
    }
    int month = Integer.parseInt(keys.substring(0, 2));
    int day = Integer.parseInt(keys.substring(2, 4));
    return keys.length() == 8 ? date(Integer.parseInt(keys.substring(4)), month, day) : upcoming(today, month, day);
  }

  private static Optional<Integer> dayBefore(List<String> w, int monthIndex) {
    int j = monthIndex - 1;
    if (j >= 0 && w.get(j).equals("of")) {
      j--;
    }
    for (int start = Math.max(0, j - 1); start <= j; start++) {
      if (start < 0) {
        continue;
      }
      Optional<Cardinals.Reading> r = Cardinals.read(w, start);
      if (r.isPresent() && r.get().end() == j + 1 && r.get().value() >= 1 && r.get().value() <= 31) {
        return Optional.of((int) r.get().value());
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> withYear(LocalDate today, int month, int day, List<String> w, int after) {
    if (after < w.size()) {
      Optional<Cardinals.Reading> y = Cardinals.read(w, after);
      if (y.isPresent() && y.get().value() >= 2000 && y.get().value() <= 2100) {
        return date((int) y.get().value(), month, day);
      }
    }
    return upcoming(today, month, day);
  }

  private static Optional<LocalDate> upcoming(LocalDate today, int month, int day) {
    Optional<LocalDate> d = date(today.getYear(), month, day);
    if (d.isPresent() && d.get().isBefore(today)) {
      return date(today.getYear() + 1, month, day);
    }
    return d;
  }

  private static Optional<Month> month(String word) {
    for (Month m : Month.values()) {
      String name = m.name().toLowerCase(Locale.ROOT);
      if (word.equals(name) || (word.length() >= 3 && word.equals(name.substring(0, 3)) && !word.equals("mar")
          && !word.equals("may"))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> date(int year, int month, int day) {
    try {
      return Optional.of(LocalDate.of(year, month, day));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
