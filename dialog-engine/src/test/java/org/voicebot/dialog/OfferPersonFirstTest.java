package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.PersonOfferAnswered;
import org.voicebot.dialog.DialogAction.PersonOffered;
import org.voicebot.dialog.DialogAction.TransferCall;
import org.voicebot.dialog.DialogState.Phase;

/** The escalation policy "offer a person first": each answer to the offer, and when it comes again. */
class OfferPersonFirstTest {

  static final String OFFER = "Would you like me to put you through to a colleague?";
  static final String HAND_OVER = "I'm connecting you to a colleague now";
  static final String HOURS = "open Monday to Friday";

  final Calls call = new Calls(Calls.utilityEngine(FrustrationConfig.defaults().withOfferPersonFirst(true, 0.15)),
      "+15550001111");

  /** Three turns that cross the threshold (the same as DialogEngineTest's frustration transfer). */
  private List<DialogAction> frustrate() {
    call.start();
    call.say("what are your hours", -30);
    call.say("yes what are your hours", -20);
    return call.say("what are your hours this is ridiculous", -17);
  }

  @Test
  void theThresholdOffersAPersonInsteadOfTransferring() {
    List<DialogAction> actions = frustrate();
    assertThat(call.transfer()).isNull();
    assertThat(call.state.phase()).isEqualTo(Phase.OFFERING_PERSON);
    assertThat(actions).filteredOn(a -> a instanceof PersonOffered).singleElement()
        .satisfies(a -> assertThat(((PersonOffered) a).score()).isGreaterThanOrEqualTo(0.7));
    assertThat(Calls.spoken(actions)).contains("sorry this is taking so long").contains(OFFER)
        .doesNotContain(HOURS).doesNotContain(HAND_OVER);
  }

  @Test
  void withThePolicyOffTheSameCallTransfersAtOnce() {
    Calls plain = new Calls(Calls.utilityEngine(), "+15550001111");
    plain.start();
    plain.say("what are your hours", -30);
    plain.say("yes what are your hours", -20);
    plain.say("what are your hours this is ridiculous", -17);
    assertThat(plain.transfer().reason()).isEqualTo(TransferReason.FRUSTRATION);
    assertThat(plain.all).noneMatch(a -> a instanceof PersonOffered);
  }

  @Test
  void yesBySpeechTransfersForFrustrationWithoutASecondApology() {
    frustrate();
    List<DialogAction> actions = call.say("yes please");
    assertThat(actions).contains(new PersonOfferAnswered("yes", "speech"));
    TransferCall t = call.transfer();
    assertThat(t.reason()).isEqualTo(TransferReason.FRUSTRATION);
    assertThat(Calls.spoken(actions)).contains(HAND_OVER).doesNotContain("frustrating");
    assertThat(t.summary().text()).contains("frustrated");
  }

  @Test
  void oneOnTheKeypadIsYes() {
    frustrate();
    List<DialogAction> actions = call.keys("1");
    assertThat(actions).contains(new PersonOfferAnswered("yes", "keypad"));
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.FRUSTRATION);
  }

  @Test
  void noCarriesOnWhereTheCallerWas() {
    frustrate();
    List<DialogAction> actions = call.say("no");
    assertThat(actions).contains(new PersonOfferAnswered("no", "speech"));
    assertThat(call.transfer()).isNull();
    // the bot had answered the hours when it offered: it says the answer now, then asks what else
    assertThat(call.state.phase()).isEqualTo(Phase.ANYTHING_ELSE);
    assertThat(Calls.spoken(actions)).startsWith("Alright, let's carry on.").contains(HOURS)
        .contains("anything else");
  }

  @Test
  void twoOnTheKeypadIsNoAndStarRepeatsTheOffer() {
    frustrate();
    assertThat(Calls.spoken(call.keys("*"))).contains(OFFER);
    assertThat(call.state.phase()).isEqualTo(Phase.OFFERING_PERSON);
    List<DialogAction> actions = call.keys("2");
    assertThat(actions).contains(new PersonOfferAnswered("no", "keypad"));
    assertThat(call.transfer()).isNull();
    assertThat(Calls.spoken(actions)).contains(HOURS);
  }

  @Test
  void silenceAfterTheOfferTransfers() {
    frustrate();
    List<DialogAction> actions = call.send(new DialogInput.NoInput());
    assertThat(actions).contains(new PersonOfferAnswered("none", "silence"));
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.FRUSTRATION);
  }

  @Test
  void anUnclearAnswerTransfers() {
    frustrate();
    List<DialogAction> actions = call.say("purple elephants");
    assertThat(actions).contains(new PersonOfferAnswered("unclear", "speech"));
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.FRUSTRATION);
    assertThat(Calls.spoken(actions)).contains(HAND_OVER);
  }

  @Test
  void askingForAPersonAtTheOfferIsACallerRequest() {
    frustrate();
    call.say("agent");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.CALLER_REQUEST);
  }

  @Test
  void afterANoTheOfferIsNotRepeatedButARequestStillTransfersAtOnce() {
    frustrate();
    call.say("no");
    double declinedAt = call.state.frustrationScore();
    assertThat(declinedAt).isGreaterThanOrEqualTo(0.7);
    // still above the threshold, not risen by the margin: no second offer, no transfer
    List<DialogAction> actions = call.say("when are you open", -30);
    assertThat(actions).noneMatch(a -> a instanceof PersonOffered);
    assertThat(call.transfer()).isNull();
    assertThat(Calls.spoken(actions)).contains(HOURS);
    assertThat(call.state.frustrationScore()).isGreaterThanOrEqualTo(0.7);
    call.say("agent");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.CALLER_REQUEST);
  }

  @Test
  void afterANoTheOfferComesAgainWhenTheScoreRisesByTheMarginAboveItsLowest() {
    frustrate();
    call.say("no");
    call.say("i need to check my balance", -30); // progress: the score falls, and the bar with it
    double lowest = call.state.frustrationScore();
    assertThat(call.all).filteredOn(a -> a instanceof PersonOffered).hasSize(1);
    List<DialogAction> actions = call.say("this is ridiculous damn it", -12);
    assertThat(call.state.frustrationScore()).isGreaterThanOrEqualTo(lowest + 0.15);
    assertThat(actions).filteredOn(a -> a instanceof PersonOffered).hasSize(1);
    assertThat(call.state.phase()).isEqualTo(Phase.OFFERING_PERSON);
    assertThat(call.transfer()).isNull();
    // "no" again, back at the account number question
    assertThat(Calls.spoken(call.say("no"))).contains("account number");
    assertThat(call.state.phase()).isEqualTo(Phase.COLLECTING_SLOT);
  }

  @Test
  void repeatedFailureStillTransfersWhileOffering() {
    frustrate();
    call.say("no");
    call.say("purple elephants", -30);
    call.say("purple elephants dancing", -30);
    call.say("purple elephants again", -30);
    assertThat(call.transfer()).isNotNull();
    assertThat(call.transfer().reason()).isIn(TransferReason.FRUSTRATION, TransferReason.REPEATED_FAILURE);
  }
}
