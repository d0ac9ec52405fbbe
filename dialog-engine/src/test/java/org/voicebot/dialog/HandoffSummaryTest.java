package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.voicebot.dialog.frustration.AcousticBaseline;
import org.voicebot.dialog.frustration.FrustrationState;
import org.voicebot.dialog.summary.HandoffSummaryBuilder;

class HandoffSummaryTest {

  static int words(String s) {
    return s.strip().split("\\s+").length;
  }

  @Test
  void saysWhoWhatWhyAndNextInFewWords() {
    FrustrationState f = new FrustrationState(0.72, AcousticBaseline.EMPTY, 2, 1, 0, 1, 0, 1, 2, 3, 0, 1, 0, 0, null);
    HandoffSummary s = new HandoffSummaryBuilder().callerId("+15550001111").account("40012345")
        .intent("report_outage", "a power or water outage").detail("zip code", "90210")
        .reason(TransferReason.FRUSTRATION).frustration(f).build();
    assertThat(s.text()).startsWith("Caller 5 5 5 0 0 0 1 1 1 1")
        .contains("a power or water outage")
        .contains("The caller sounds frustrated, asked twice for an agent and raised their voice.")
        .contains("Next,");
    assertThat(words(s.text())).isLessThanOrEqualTo(HandoffSummaryBuilder.MAX_WORDS);
    assertThat(s.text()).doesNotContainPattern("[+#*\\[\\]{}_/]");
    assertThat(s.reason()).isEqualTo(TransferReason.FRUSTRATION);
    assertThat(s.frustration()).isEqualTo(0.72);
  }

  @Test
  void dropsDetailsBeforeItGetsTooLong() {
    FrustrationState f = new FrustrationState(0.8, AcousticBaseline.EMPTY, 1, 0, 0, 1, 1, 1, 3, 0, 0, 0, 0, 0, null);
    HandoffSummary s = new HandoffSummaryBuilder().callerId("+15550001111").account("4001234567")
        .intent("move_service", "moving service to a new address").detail("zip code", "90210")
        .detail("phone number", "5550009999").reason(TransferReason.CALLER_REQUEST).frustration(f)
        .nextStep("arrange the move date and confirm the new address and the final meter reading").build();
    assertThat(words(s.text())).isLessThanOrEqualTo(HandoffSummaryBuilder.MAX_WORDS);
    assertThat(s.text()).contains("asked for a person").contains("moving service");
  }

  @Test
  void summaryOfARealCallNamesIntentAndReasonAndIsShort() {
    Calls call = new Calls(Calls.utilityEngine(), "+15550001111");
    call.start();
    call.say("what's my balance", -30);
    call.keys("40012345#");
    call.send(new DialogInput.BackendFailed("HTTP 500"));
    HandoffSummary s = call.transfer().summary();
    assertThat(s.text()).contains("account 4 0 0 1 2 3 4 5").contains("balance").contains("system error")
        .contains("explain the balance");
    assertThat(words(s.text())).isLessThanOrEqualTo(45);
    assertThat(s.facts()).isNotEmpty();
  }
}
