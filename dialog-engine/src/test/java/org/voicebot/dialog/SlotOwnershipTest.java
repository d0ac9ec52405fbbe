package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A slot's prompts belong to the intent that asks for it, even when another intent has a slot of the same name. */
class SlotOwnershipTest {

  final Calls call = new Calls(Calls.utilityEngine(), "+15550001111");

  @Test
  void startServiceRepromptsForItsOwnZipCodeNotTheOutagesOne() {
    call.start();
    call.say("start service");
    assertThat(Calls.spoken(call.last)).isEqualTo("What is the zip code of the address?");
    call.say("banana");
    assertThat(Calls.spoken(call.last)).isEqualTo("Please say or key in the five digit zip code, then press pound.")
        .doesNotContain("outage");
  }

  @Test
  void outageStatusAndReportOutageEachKeepTheirOwnPrompts() {
    call.start();
    call.say("outage status");
    assertThat(Calls.spoken(call.last)).isEqualTo("What is your zip code?");
    call.keys("12#");
    assertThat(Calls.spoken(call.last)).isEqualTo("Please say or key in your five digit zip code, then press pound.");
  }
}
