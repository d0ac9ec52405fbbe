package org.voicebot.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackChoiceTest {

  @Test
  void keysOneAndTwoAnswerOtherKeysDoNot() {
    assertThat(CallbackChoice.fromKey('1')).isEqualTo(CallbackChoice.CALLBACK);
    assertThat(CallbackChoice.fromKey('2')).isEqualTo(CallbackChoice.MESSAGE);
    assertThat(CallbackChoice.fromKey('0')).isEqualTo(CallbackChoice.UNCLEAR);
    assertThat(CallbackChoice.fromKey('#')).isEqualTo(CallbackChoice.UNCLEAR);
  }

  @Test
  void speechNamesOneChoiceOrIsUnclear() {
    assertThat(CallbackChoice.fromSpeech("please call me back")).isEqualTo(CallbackChoice.CALLBACK);
    assertThat(CallbackChoice.fromSpeech("Callback.")).isEqualTo(CallbackChoice.CALLBACK);
    assertThat(CallbackChoice.fromSpeech("leave a message")).isEqualTo(CallbackChoice.MESSAGE);
    assertThat(CallbackChoice.fromSpeech("voicemail")).isEqualTo(CallbackChoice.MESSAGE);
    assertThat(CallbackChoice.fromSpeech("call me back or a message")).isEqualTo(CallbackChoice.UNCLEAR);
    assertThat(CallbackChoice.fromSpeech("back")).isEqualTo(CallbackChoice.UNCLEAR);
    assertThat(CallbackChoice.fromSpeech("")).isEqualTo(CallbackChoice.UNCLEAR);
    assertThat(CallbackChoice.fromSpeech(null)).isEqualTo(CallbackChoice.UNCLEAR);
    // every phrase the recognizer is given means one of the two
    assertThat(CallbackChoice.PHRASES).allSatisfy(p -> assertThat(CallbackChoice.fromSpeech(p))
        .isNotEqualTo(CallbackChoice.UNCLEAR));
  }

  @Test
  void theBotsCallIsFoundInTheSummaryUrl() {
    assertThat(CallbackOfferPath.callIdOf("http://127.0.0.1:8080/calls/3f1c-aa/summary.wav")).isEqualTo("3f1c-aa");
    assertThat(CallbackOfferPath.callIdOf("")).isEmpty();
    assertThat(CallbackOfferPath.callIdOf("http://x/other.wav")).isEmpty();
    assertThat(CallbackOfferPath.callIdOf("not a url at all %%")).isEmpty();
  }

  @Test
  void logsShowOnlyTheLastFourDigits() {
    assertThat(CallbackOfferPath.masked("+15550001111")).isEqualTo("********1111").doesNotContain("555");
    assertThat(CallbackOfferPath.masked("12")).isEqualTo("****");
  }

  @Test
  void theRegistryListsNewestFirstAndForgetsTheOldest() {
    CallbackRegistry r = new CallbackRegistry(2);
    for (int i = 1; i <= 3; i++) {
      r.add(new CallbackRequest("id" + i, "call" + i, "+1555000000" + i, "", "SIP/x", Instant.EPOCH, "keypad"));
    }
    assertThat(r.list()).extracting(CallbackRequest::id).containsExactly("id3", "id2");
    assertThat(r.json().getJsonObject(0).getString("summary")).isEqualTo("/calls/call3/summary");
  }
}
