package org.voicebot.dialog.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpokenAmountsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "forty-five dollars | 45.00",
      "forty five dollars and fifty cents | 45.50",
      "I'd like to pay forty five dollars fifty | 45.50",
      "$45.50 | 45.50",
      "$45.5 | 45.50",
      "45 dollars | 45.00",
      "45 dollars and 20 cents | 45.20",
      "$1,250 | 1250.00",
      "a hundred and twenty bucks | 120.00",
      "one hundred twenty five dollars | 125.00",
      "two thousand three hundred dollars | 2300.00",
      "fifty cents | 0.50",
      "twelve point five | 12.50",
      "twelve point five zero | 12.50",
      "twelve point oh five | 12.05",
      "ninety nine | 99.00",
      "um let's say sixty | 60.00",
      "one dollar | 1.00",
  })
  void readsAmountsAsCallersSayThem(String text, String expected) {
    assertThat(SpokenAmounts.parse(text)).contains(new BigDecimal(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "no idea", "the whole thing", "zero dollars", "two million dollars", "the first one"})
  void refusesWhatIsNotAnAmount(String text) {
    assertThat(SpokenAmounts.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "keys {0} -> {1}")
  @CsvSource({"45*50, 45.50", "120, 120.00", "7*5, 7.50", "0*99, 0.99"})
  void keypadUsesStarAsTheDecimalPoint(String keys, String expected) {
    assertThat(SpokenAmounts.fromKeys(keys)).contains(new BigDecimal(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "*50", "45*", "45*505", "4*5*6", "12345678", "0"})
  void refusesMalformedKeys(String keys) {
    assertThat(SpokenAmounts.fromKeys(keys)).isEqualTo(Optional.empty());
  }
}
