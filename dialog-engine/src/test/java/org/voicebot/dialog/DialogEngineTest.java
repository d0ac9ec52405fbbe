package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.EndCall;
import org.voicebot.dialog.DialogAction.FrustrationChanged;
import org.voicebot.dialog.DialogAction.IntentRecognized;
import org.voicebot.dialog.DialogAction.Say;
import org.voicebot.dialog.DialogAction.SlotFilled;
import org.voicebot.dialog.DialogAction.TransferCall;
import org.voicebot.dialog.DialogState.Phase;

class DialogEngineTest {

  static final String HAND_OVER = "I'm connecting you to a colleague now";

  final DialogEngine engine = Calls.utilityEngine();
  final Calls call = new Calls(engine, "+15550001111");

  @Test
  void startHasNoActionsAndGreetingIsHonestAndShort() {
    assertThat(call.state.phase()).isEqualTo(Phase.NOT_STARTED);
    List<DialogAction> actions = call.start();
    assertThat(actions).hasSize(1).first().isInstanceOf(Say.class);
    String greeting = Calls.spoken(actions);
    assertThat(greeting).contains("automated assistant").contains("say agent");
    assertThat(greeting.split("\\s+")).hasSizeLessThan(40);
    assertThat(call.state.phase()).isEqualTo(Phase.AWAITING_REQUEST);
  }

  @Test
  void explicitRequestForAPersonInsideALongSentenceTransfersAtOnce() {
    call.start();
    List<DialogAction> actions = call.say("this is useless just get me a person");
    assertThat(actions.get(0)).isEqualTo(actions.stream().filter(a -> a instanceof IntentRecognized).findFirst().get());
    assertThat(((IntentRecognized) actions.get(0)).name()).isEqualTo("agent");
    assertOrder(actions);
    assertThat(Calls.spoken(actions)).contains(HAND_OVER).contains("won't need to repeat yourself");
    TransferCall t = (TransferCall) actions.get(actions.size() - 1);
    assertThat(t.queue()).isEqualTo("utility-agents");
    assertThat(t.reason()).isEqualTo(TransferReason.CALLER_REQUEST);
    assertThat(call.state.over()).isTrue();
    assertThat(call.state.outcome()).isEqualTo(CallOutcome.TRANSFERRED);
  }

  @Test
  void keypadZeroMeansAPerson() {
    call.start();
    List<DialogAction> actions = call.keys("0");
    assertThat(actions).filteredOn(a -> a instanceof IntentRecognized).extracting(a -> ((IntentRecognized) a).name())
        .containsExactly("agent");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.CALLER_REQUEST);
    assertThat(actions.get(actions.size() - 1)).isInstanceOf(TransferCall.class);
  }

  @Test
  void twoNoMatchesThenSuccessThenGoodbyeResolves() {
    call.start();
    assertThat(Calls.spoken(call.say("purple elephants dancing"))).contains("didn't catch that");
    assertThat(Calls.spoken(call.say("zebra xylophone"))).contains("still didn't get that");
    assertThat(call.state.consecutiveFailures()).isEqualTo(2);
    List<DialogAction> answer = call.say("what time do you guys open on monday");
    assertThat(answer).contains(answer.stream().filter(a -> a instanceof IntentRecognized).findFirst().get());
    assertThat(((IntentRecognized) answer.get(0)).name()).isEqualTo("business_hours");
    assertThat(Calls.spoken(answer)).contains("Monday to Friday").contains("anything else");
    assertThat(call.state.consecutiveFailures()).isZero();
    List<DialogAction> bye = call.say("no that's all thanks");
    assertThat(Calls.spoken(bye)).contains("Goodbye");
    assertThat(bye.get(bye.size() - 1)).isEqualTo(new EndCall(CallOutcome.RESOLVED));
    assertThat(call.transfer()).isNull();
    assertOrder(bye);
  }

  @Test
  void noInputRepromptsThenEscalatesAsRepeatedFailure() {
    call.start();
    assertThat(Calls.spoken(call.send(new DialogInput.NoInput()))).contains("didn't hear anything");
    assertThat(Calls.spoken(call.send(new DialogInput.NoInput()))).contains("press 0");
    assertThat(call.transfer()).isNull();
    List<DialogAction> third = call.send(new DialogInput.NoInput());
    assertThat(Calls.spoken(third)).contains("trouble understanding").contains(HAND_OVER);
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.REPEATED_FAILURE);
  }

  @Test
  void sensitiveTopicGetsEmpathyFirstThenAPerson() {
    call.start();
    List<DialogAction> actions = call.say("hi my husband passed away last week and the bill is in his name");
    assertOrder(actions);
    List<String> says = actions.stream().filter(a -> a instanceof Say).map(a -> ((Say) a).text()).toList();
    assertThat(says.get(0)).contains("sorry for your loss");
    assertThat(says.get(says.size() - 1)).contains(HAND_OVER);
    TransferCall t = call.transfer();
    assertThat(t.reason()).isEqualTo(TransferReason.SENSITIVE_TOPIC);
    assertThat(t.summary().intent()).isEqualTo("bereavement");
    assertThat(t.summary().text()).contains("bereavement");
  }

  @Test
  void complaintIsSensitive() {
    call.start();
    call.say("i want to make a complaint about the last bill");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.SENSITIVE_TOPIC);
  }

  @Test
  void louderAndLouderCallerIsTransferredForFrustration() {
    call.start();
    call.say("i need to check my balance", -30);
    assertThat(call.state.pendingSlot()).isEqualTo("account_number");
    call.say("i don't have it here", -29); // not understood, calm
    assertThat(call.transfer()).isNull();
    double before = call.state.frustrationScore();
    call.say("i don't have the number", -18); // 11 dB louder
    double after = call.state.frustrationScore();
    assertThat(after).isGreaterThan(before);
    assertThat(call.last).filteredOn(a -> a instanceof FrustrationChanged)
        .singleElement().satisfies(a -> assertThat(((FrustrationChanged) a).cues()).contains("raised voice"));
    call.keys("12#"); // too short: the third failure in a row
    TransferCall t = call.transfer();
    assertThat(t.reason()).isEqualTo(TransferReason.REPEATED_FAILURE);
    assertThat(t.summary().text()).contains("could not understand them three times").contains("sound frustrated");
  }

  @Test
  void frustrationAloneTransfersAcrossTurns() {
    call.start();
    call.say("what are your hours", -30);
    call.say("yes what are your hours", -20); // louder, same request: one cue, not yet a transfer
    assertThat(call.transfer()).isNull();
    call.say("what are your hours this is ridiculous", -17);
    TransferCall t = call.transfer();
    assertThat(t).isNotNull();
    assertThat(t.reason()).isEqualTo(TransferReason.FRUSTRATION);
    assertThat(Calls.spoken(call.last)).contains("sorry this has been frustrating").contains(HAND_OVER);
    assertThat(t.summary().text()).contains("frustrated").contains("raised their voice");
    List<Double> scores = call.all.stream().filter(a -> a instanceof FrustrationChanged)
        .map(a -> ((FrustrationChanged) a).score()).toList();
    assertThat(scores.get(scores.size() - 1)).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void calmCallerWithOneNoMatchAndANoIsNotTransferred() {
    call.start();
    call.say("um the thing with the stuff", -30);
    call.say("the power thing", -31); // a vague request: the bot asks
    assertThat(call.state.phase()).isEqualTo(Phase.CONFIRMING_INTENT);
    assertThat(Calls.spoken(call.last)).startsWith("Did you want to");
    call.say("no", -30);
    assertThat(Calls.spoken(call.last)).contains("tell me in a few words");
    call.say("when are you open", -29);
    call.say("no thanks that's everything", -30);
    assertThat(call.transfer()).isNull();
    assertThat(call.state.frustrationScore()).isLessThan(0.3);
    assertThat(call.all.get(call.all.size() - 1)).isEqualTo(new EndCall(CallOutcome.RESOLVED));
  }

  @Test
  void mediumConfidenceAsksForConfirmationAndYesProceeds() {
    call.start();
    call.say("the bill");
    assertThat(call.state.phase()).isEqualTo(Phase.CONFIRMING_INTENT);
    String question = Calls.spoken(call.last);
    assertThat(question).startsWith("Did you want to");
    List<DialogAction> yes = call.say("yes");
    assertThat(yes).filteredOn(a -> a instanceof IntentRecognized).extracting(a -> ((IntentRecognized) a).name())
        .contains("yes", call.state.currentIntent());
    assertThat(call.state.currentIntent()).isIn("check_balance", "pay_bill");
  }

  @Test
  void balanceWithKeypadAccountNumber() {
    call.start();
    List<DialogAction> ask = call.say("what do I owe this month");
    IntentRecognized intent = (IntentRecognized) ask.get(0);
    assertThat(intent.name()).isEqualTo("check_balance");
    assertThat(intent.evidence()).isEqualTo("nearest 'what do i owe this month' 1.000"); // why, for the event
    assertThat(Calls.spoken(ask)).contains("account number");
    assertThat(call.keys("4001")).isEmpty();
    List<DialogAction> done = call.keys("2345#");
    assertThat(done.get(0)).isEqualTo(new SlotFilled("account_number", "40012345"));
    assertThat(call.state.slots()).containsEntry("account_number", "40012345");
    assertThat(done).contains(new DialogAction.CallBackend("check_balance", "balance",
        java.util.Map.of("account", "40012345"), true));
    List<DialogAction> answer = call.send(new DialogInput.BackendReplied("ok",
        java.util.Map.of("amount_due", "45.50", "due_date", "2026-12-15")));
    assertThat(Calls.spoken(answer)).contains("45 dollars and 50 cents, due on Tuesday, December 15th, 2026")
        .contains("anything else");
    assertThat(call.transfer()).isNull();
  }

  @Test
  void accountNumberBySpokenDigitsAndInTheFirstSentence() {
    call.start();
    call.say("check my balance");
    List<DialogAction> filled = call.say("it's four oh oh one two three four five");
    assertThat(filled.get(0)).isEqualTo(new SlotFilled("account_number", "40012345"));

    Calls other = new Calls(engine, "+15550002222");
    other.start();
    List<DialogAction> once = other.say("how much do i owe on account 4 0 0 1 2 3 4 5");
    assertThat(once).contains(new SlotFilled("account_number", "40012345"));
  }

  @Test
  void outageAsksForZipCode() {
    call.start();
    assertThat(Calls.spoken(call.say("my power is out"))).contains("zip code");
    List<DialogAction> done = call.say("nine oh two one oh");
    assertThat(done.get(0)).isEqualTo(new SlotFilled("postal_code", "90210"));
    assertThat(done).contains(new DialogAction.CallBackend("report_outage", "outage-report",
        java.util.Map.of("postal_code", "90210"), false));
    List<DialogAction> answer = call.send(new DialogInput.BackendReplied("known",
        java.util.Map.of("ticket", "771204", "estimate", "around 8 p.m. tonight", "cause", "a damaged power line")));
    assertThat(Calls.spoken(answer)).contains("caused by a damaged power line")
        .contains("ticket number is 7 7 1 2 0 4").contains("around 8 p.m. tonight");
  }

  @Test
  void moveDateIsReadAgainstTheCallsDateAndReadBack() {
    call.send(new DialogInput.CallStarted("+15550001111", java.time.LocalDate.of(2026, 11, 29)));
    call.say("i'm moving next tuesday");
    assertThat(call.all).contains(new SlotFilled("move_date", "2026-12-01"));
    assertThat(Calls.spoken(call.last)).contains("zip code");
    List<DialogAction> order = call.say("nine oh two one oh");
    assertThat(order).contains(new DialogAction.CallBackend("move_service", "service-order",
        java.util.Map.of("type", "move", "postal_code", "90210", "date", "2026-12-01"), false));
    List<DialogAction> answer = call.send(new DialogInput.BackendReplied("ok", java.util.Map.of("reference", "880101")));
    assertThat(Calls.spoken(answer)).contains("on Tuesday, December 1st").contains("8 8 0 1 0 1");
    call.say("agent");
    assertThat(call.transfer().summary().text()).contains("Move date Tuesday, December 1st");
  }

  @Test
  void moveDateByKeypadIsMonthAndDay() {
    call.send(new DialogInput.CallStarted("+15550001111", java.time.LocalDate.of(2026, 11, 29)));
    call.say("i'm moving");
    call.keys("90210#");
    assertThat(Calls.spoken(call.last)).contains("what date are you moving").doesNotContain("zip code");
    call.keys("0105#");
    assertThat(call.all).contains(new SlotFilled("move_date", "2027-01-05"));
  }

  @Test
  void aCardNumberIsTakenByKeypadOnlyAndNeverSpokenBack() {
    call.start();
    call.say("i want to pay my bill");
    assertThat(Calls.spoken(call.say("forty five dollars and fifty cents"))).contains("key in your card number");
    List<DialogAction> spoken = call.say("four one one one one one one one one one one one one one one one");
    assertThat(spoken).noneMatch(a -> a instanceof SlotFilled);
    assertThat(Calls.spoken(spoken)).contains("on your keypad");
    assertThat(engine.expectsSensitiveInput(call.state)).isTrue();
    List<DialogAction> keyed = call.keys("4111111111111111#");
    assertThat(engine.expectsSensitiveInput(call.state)).isFalse();
    assertThat(keyed).contains(new SlotFilled("card_number", "[redacted]"));
    assertThat(Calls.spoken(keyed)).contains("pay 45 dollars and 50 cents").contains("Shall I go ahead");
    assertThat(keyed).noneMatch(a -> a instanceof DialogAction.CallBackend);
    List<DialogAction> confirmed = call.say("yes");
    assertThat(confirmed).contains(new DialogAction.CallBackend("pay_bill", "payment",
        java.util.Map.of("amount", "45.50", "card", "4111111111111111"), false));
    List<DialogAction> done = call.send(new DialogInput.BackendReplied("ok", java.util.Map.of("confirmation", "880101")));
    assertThat(Calls.spoken(done)).contains("payment of 45 dollars and 50 cents is complete");
  }

  @Test
  void aPaymentNotConfirmedIsAskedAgainFromTheStart() {
    call.start();
    call.keys("2");
    call.keys("20#");
    call.keys("4111111111111111#");
    List<DialogAction> no = call.keys("2");
    assertThat(Calls.spoken(no)).contains("let's correct that").contains("How much would you like to pay");
    assertThat(call.state.slots()).doesNotContainKeys("amount", "card_number");
    assertThat(call.state.secrets()).isEmpty();
    call.keys("25#");
    call.keys("4111111111111111#");
    List<DialogAction> yes = call.keys("1");
    assertThat(yes).contains(new DialogAction.CallBackend("pay_bill", "payment",
        java.util.Map.of("amount", "25.00", "card", "4111111111111111"), false));
  }

  @Test
  void aFrustratedCallersLastFailureIsAFrustrationTransfer() {
    call.start();
    call.say("purple elephants dancing", -30);
    call.say("this is ridiculous", -18);
    call.say("purple elephants again", -14);
    TransferCall t = call.transfer();
    assertThat(t).isNotNull();
    assertThat(t.reason()).isIn(TransferReason.FRUSTRATION);
  }

  @Test
  void keypadMenuAndStarRepeats() {
    call.start();
    List<DialogAction> menu = call.keys("5");
    assertThat(menu.get(0)).isEqualTo(new IntentRecognized("business_hours", 1.0, null, "keypad"));
    String said = Calls.spoken(menu);
    assertThat(Calls.spoken(call.keys("*"))).isEqualTo(said);
    assertThat(Calls.spoken(call.say("can you say that again"))).isEqualTo(said);
  }

  @Test
  void zeroPoundAtADigitPromptMeansAPerson() {
    call.start();
    call.say("check my balance");
    call.keys("0#");
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.CALLER_REQUEST);
  }

  @Test
  void hangUpEndsAbandonedWithoutSpeech() {
    call.start();
    List<DialogAction> actions = call.send(new DialogInput.CallerHungUp());
    assertThat(actions).containsExactly(new EndCall(CallOutcome.ABANDONED));
    assertThat(call.send(new DialogInput.CallerSaid("hello?", 0.9, UtteranceFeatures.NONE))).isEmpty();
  }

  @Test
  void systemErrorApologizesAndTransfers() {
    call.start();
    List<DialogAction> actions = call.send(new DialogInput.SystemError("tts failed"));
    assertThat(Calls.spoken(actions)).contains("something went wrong").contains(HAND_OVER);
    assertThat(call.transfer().reason()).isEqualTo(TransferReason.SYSTEM_ERROR);
    assertThat(call.transfer().summary().text()).contains("system error");
  }

  @Test
  void sameEventsGiveTheSameSteps() {
    Calls a = new Calls(engine, "+15550001111");
    Calls b = new Calls(engine, "+15550001111");
    for (Calls c : List.of(a, b)) {
      c.start();
      c.say("uh what's my balance", -30);
      c.keys("123");
      c.send(new DialogInput.NoInput());
      c.send(new DialogInput.BargeIn());
      c.say("i already told you", -20);
    }
    assertThat(a.all).isEqualTo(b.all);
    assertThat(a.state).isEqualTo(b.state);
  }

  @Test
  void startOverClearsTheRequest() {
    call.start();
    call.say("check my balance");
    assertThat(call.state.pendingSlot()).isEqualTo("account_number");
    assertThat(Calls.spoken(call.say("start over"))).contains("start over");
    assertThat(call.state.phase()).isEqualTo(Phase.AWAITING_REQUEST);
    assertThat(call.state.currentIntent()).isNull();
  }

  @Test
  void grammarAndTtsCacheListsAreComplete() {
    assertThat(engine.recognitionPhrases()).contains("how much do i owe", "agent", "operator", "my power is out",
        "the lights went out", "i need to talk to someone", "get me a human", "my husband passed away",
        "i want to make a complaint", "four", "start over", "goodbye", "yes", "no");
    assertThat(engine.recognitionPhrases()).allSatisfy(p -> assertThat(p).isLowerCase());
    assertThat(engine.staticPrompts()).anySatisfy(p -> assertThat(p).contains(HAND_OVER))
        .anySatisfy(p -> assertThat(p).contains("automated assistant"))
        .contains("Did you want to check your balance?")
        .noneSatisfy(p -> assertThat(p).contains("{"));
  }

  /** Events first, then speech, then at most one terminal action, last. */
  static void assertOrder(List<DialogAction> actions) {
    int phase = 0;
    for (int i = 0; i < actions.size(); i++) {
      DialogAction a = actions.get(i);
      int p = a instanceof Say ? 1 : (a instanceof TransferCall || a instanceof EndCall) ? 2 : 0;
      assertThat(p).as("action %d %s out of order in %s", i, a, actions).isGreaterThanOrEqualTo(phase);
      if (p == 2) {
        assertThat(i).isEqualTo(actions.size() - 1);
      }
      phase = p;
    }
  }
}
