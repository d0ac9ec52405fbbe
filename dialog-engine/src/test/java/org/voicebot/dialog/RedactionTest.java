package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.redact.Redactor;

class RedactionTest {

  @Test
  void cardNumbersWrittenSpacedDashedOrSpoken() {
    assertThat(Redactor.redact("my card is 4111111111111111 ok")).isEqualTo("my card is [card ending 1111] ok");
    assertThat(Redactor.redact("4111 1111 1111 1234")).isEqualTo("[card ending 1234]");
    assertThat(Redactor.redact("card 4111-1111-1111-1234 expires")).isEqualTo("card [card ending 1234] expires");
    assertThat(Redactor.redact("four one one one one one one one one one one one one one two three"))
        .isEqualTo("[card ending 1123]");
    assertThat(Redactor.redact("it's four one one one, uh, one one one one one one one one one one one two"))
        .isEqualTo("it's [card ending 1112]");
    assertThat(Redactor.redact("4111 1111 1111 1111 0927")).isEqualTo("[redacted]");
    // A recognizer's "for" or "to" inside the number must not split it into runs too short to look like a card.
    assertThat(Redactor.redact("four one one one for one one one one to one one one one two three"))
        .isEqualTo("[card ending 1123]");
  }

  @Test
  void nationalIds() {
    assertThat(Redactor.redact("ssn 123-45-6789")).isEqualTo("ssn [redacted]");
    assertThat(Redactor.redact("my social is one two three four five six seven eight nine"))
        .isEqualTo("my social is [redacted]");
  }

  @Test
  void leavesAccountNumbersPhoneNumbersAndPlainTextAlone() {
    for (String s : List.of("account 40012345", "call me on +1 555 000 1111", "zip 90210", "no digits here", "")) {
      assertThat(Redactor.redact(s)).isEqualTo(s);
    }
  }

  @Test
  void aCardNumberTypedOrSpokenNeverAppearsInAnyAction() {
    Calls call = new Calls(Calls.utilityEngine(), "+15550001111");
    call.start();
    call.say("i want to check my balance");
    call.keys("4111111111111111#");
    call.say("my card number is 4111 1111 1111 1111");
    call.say("it's four one one one one one one one one one one one one one one one");
    call.say("agent");
    assertThat(call.transfer()).isNotNull();
    String everything = call.all.toString() + call.state;
    assertThat(everything).doesNotContain("4111111111111111", "4111 1111 1111 1111", "111111111111")
        .doesNotContain("four one one one one one");
    assertThat(call.transfer().summary().text()).doesNotContain("1111");
  }
}
