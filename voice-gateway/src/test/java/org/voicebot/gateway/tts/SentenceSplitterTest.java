package org.voicebot.gateway.tts;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void splitsTheGreetingIntoItsFourSentences() {
    assertThat(SentenceSplitter.split("Hello, you've reached City Power and Water. I'm an automated assistant. "
        + "You can say agent at any time to reach a person. How can I help you today?"))
        .containsExactly("Hello, you've reached City Power and Water.", "I'm an automated assistant.",
            "You can say agent at any time to reach a person.", "How can I help you today?");
  }

  @Test
  void questionAndExclamationMarksEndSentencesToo() {
    assertThat(SentenceSplitter.split("Done! Anything else?  Thanks."))
        .containsExactly("Done!", "Anything else?", "Thanks.");
  }

  @Test
  void abbreviationsAndTimesStayInOneSentence() {
    assertThat(SentenceSplitter.split("We open at 8 a.m. Monday to Friday and close at 6 p.m. on weekdays. "
        + "Mr. Jones from St. Louis will call, e.g. tomorrow. Goodbye."))
        .containsExactly("We open at 8 a.m. Monday to Friday and close at 6 p.m. on weekdays.",
            "Mr. Jones from St. Louis will call, e.g. tomorrow.", "Goodbye.");
  }

  @Test
  void initialsDecimalsAndAmountsDoNotSplit() {
    assertThat(SentenceSplitter.split("Your balance is $42.50 as of 8.30 today. J. Smith in the U.S. office can help."))
        .containsExactly("Your balance is $42.50 as of 8.30 today.", "J. Smith in the U.S. office can help.");
  }

  @Test
  void closingQuotesAndEllipsesStayWithTheirSentence() {
    assertThat(SentenceSplitter.split("She said \"no.\" Then she left... And so on"))
        .containsExactly("She said \"no.\"", "Then she left...", "And so on");
  }

  @Test
  void noIsAnAbbreviationOnlyBeforeANumber() {
    assertThat(SentenceSplitter.split("Your order no. 42 has shipped. The answer is no. Thanks."))
        .containsExactly("Your order no. 42 has shipped.", "The answer is no.", "Thanks.");
  }

  @Test
  void blankOrNullGivesNothing() {
    assertThat(SentenceSplitter.split("   ")).isEmpty();
    assertThat(SentenceSplitter.split(null)).isEmpty();
  }

  @Property
  void neverLosesOrReordersWords(@ForAll @StringLength(max = 200) String text) {
    String joined = String.join(" ", SentenceSplitter.split(text));
    assertThat(withoutSpace(joined)).isEqualTo(withoutSpace(text));
  }

  private static String withoutSpace(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(b::appendCodePoint);
    return b.toString();
  }
}
