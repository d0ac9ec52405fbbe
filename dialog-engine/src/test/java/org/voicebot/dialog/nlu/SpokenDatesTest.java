package org.voicebot.dialog.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpokenDatesTest {

  /** A Sunday. */
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "today | 2026-11-29",
      "tomorrow | 2026-11-30",
      "the day after tomorrow | 2026-12-01",
      "next Tuesday | 2026-12-01",
      "on Tuesday | 2026-12-01",
      "I'm moving this Friday | 2026-12-04",
      "next Sunday | 2026-12-06",
      "this Sunday | 2026-11-29",
      "in three days | 2026-12-02",
      "in two weeks | 2026-12-13",
      "next week | 2026-12-06",
      "December third | 2026-12-03",
      "december the 3rd | 2026-12-03",
      "the third of December | 2026-12-03",
      "the twenty first of December | 2026-12-21",
      "3 December 2027 | 2027-12-03",
      "January fifth | 2027-01-05",
      "November 2nd | 2027-11-02",
      "12/3 | 2026-12-03",
      "12/03/2027 | 2027-12-03",
      "2026-12-24 | 2026-12-24",
      "the fifth | 2026-12-05",
      "the thirtieth | 2026-11-30",
  })
  void readsDatesAgainstTheCallsDate(String text, String expected) {
    assertThat(SpokenDates.parse(text, TODAY)).contains(LocalDate.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "as soon as possible", "may I speak to someone", "February thirtieth", "13/45",
      "the account number please"})
  void refusesWhatIsNotADate(String text) {
    assertThat(SpokenDates.parse(text, TODAY)).isEmpty();
  }

  @Test
  void withoutTheCallsDateNothingRelativeIsGuessed() {
    assertThat(SpokenDates.parse("next tuesday", null)).isEmpty();
  }

  @Test
  void keypadIsMonthDayOrMonthDayYear() {
    assertThat(SpokenDates.fromKeys("1203", TODAY)).contains(LocalDate.of(2026, 12, 3));
    assertThat(SpokenDates.fromKeys("0105", TODAY)).contains(LocalDate.of(2027, 1, 5));
    assertThat(SpokenDates.fromKeys("12032027", TODAY)).contains(LocalDate.of(2027, 12, 3));
    assertThat(SpokenDates.fromKeys("1332", TODAY)).isEmpty();
    assertThat(SpokenDates.fromKeys("123", TODAY)).isEmpty();
  }
}
