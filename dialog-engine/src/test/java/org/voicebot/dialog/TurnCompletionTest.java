package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogState.Phase;

/** Whether a partial transcript already answers the prompt, per dialog state (the sample dialog). */
class TurnCompletionTest {

  private final DialogEngine engine = Calls.utilityEngine();

  private Calls call() {
    Calls c = new Calls(engine, "+15551230000");
    c.start();
    return c;
  }

  private TurnCompletion judge(Calls c, String partial) {
    return engine.turnCompletion(c.state, partial);
  }

  @Test
  void aConfidentRequestCompletesTheTurnAPrefixOrADigitStringDoesNot() {
    Calls c = call();
    assertThat(engine.expectedInput(c.state)).isEqualTo(ExpectedInput.of(ExpectedInput.Kind.REQUEST));
    assertThat(judge(c, "i want to pay my bill")).isEqualTo(TurnCompletion.COMPLETE);
    assertThat(judge(c, "my power is out")).isEqualTo(TurnCompletion.COMPLETE);
    assertThat(judge(c, "i want to")).isEqualTo(TurnCompletion.OPEN);
    assertThat(judge(c, "")).isEqualTo(TurnCompletion.OPEN);
    assertThat(judge(c, null)).isEqualTo(TurnCompletion.OPEN);
    // The account number may follow the request: wait the normal silence.
    assertThat(judge(c, "pay my bill account four five")).isEqualTo(TurnCompletion.OPEN);
    assertThat(judge(c, "agent")).as("a request for a person").isEqualTo(TurnCompletion.COMPLETE);
  }

  @Test
  void digitsCompleteAtTheSlotsLengthAndAreIncompleteBelowItsMinimum() {
    Calls c = call();
    c.say("what is my account balance");
    assertThat(c.state.phase()).isEqualTo(Phase.COLLECTING_SLOT);
    assertThat(engine.expectedInput(c.state)).isEqualTo(ExpectedInput.digits(6, 10));
    assertThat(judge(c, "four five six")).isEqualTo(TurnCompletion.INCOMPLETE_DIGITS);
    assertThat(judge(c, "my account number is four five")).isEqualTo(TurnCompletion.INCOMPLETE_DIGITS);
    assertThat(judge(c, "four five six seven eight nine")).as("valid, but more may come").isEqualTo(TurnCompletion.OPEN);
    assertThat(judge(c, "four five six seven eight nine one two three four")).isEqualTo(TurnCompletion.COMPLETE);
    assertThat(judge(c, "4 5 6 7 8 9 1 2 3 4")).isEqualTo(TurnCompletion.COMPLETE);
    assertThat(judge(c, "i don't know")).isEqualTo(TurnCompletion.OPEN);
    assertThat(judge(c, "agent")).isEqualTo(TurnCompletion.COMPLETE);
  }

  @Test
  void aZipCodeIsCompleteAtFiveDigits() {
    Calls c = call();
    c.say("my power is out");
    assertThat(c.state.pendingSlot()).isEqualTo("postal_code");
    assertThat(judge(c, "nine four one")).isEqualTo(TurnCompletion.INCOMPLETE_DIGITS);
    assertThat(judge(c, "nine four one oh two")).isEqualTo(TurnCompletion.COMPLETE);
  }

  @Test
  void aShortYesOrNoCompletesAnythingElseALongerAnswerMayGoOn() {
    Calls c = call();
    c.say("what are your opening hours");
    assertThat(c.state.phase()).isEqualTo(Phase.ANYTHING_ELSE);
    assertThat(engine.expectedInput(c.state)).isEqualTo(ExpectedInput.of(ExpectedInput.Kind.REQUEST_OR_YES_NO));
    assertThat(judge(c, "no")).isEqualTo(TurnCompletion.COMPLETE);
    assertThat(judge(c, "yes please")).isEqualTo(TurnCompletion.COMPLETE);
    assertThat(judge(c, "no i also want")).isEqualTo(TurnCompletion.OPEN);
    assertThat(judge(c, "i want to pay my bill")).isEqualTo(TurnCompletion.COMPLETE);
  }

  @Test
  void amountsCardNumbersAndEndedCallsNeverEndEarly() {
    Calls c = call();
    c.say("i want to pay my bill");
    assertThat(c.state.pendingSlot()).isEqualTo("amount");
    assertThat(engine.expectedInput(c.state)).isEqualTo(ExpectedInput.OPEN);
    assertThat(judge(c, "forty five dollars")).isEqualTo(TurnCompletion.OPEN);
    c.say("forty five dollars");
    assertThat(c.state.pendingSlot()).isEqualTo("card_number");
    assertThat(engine.expectedInput(c.state)).as("keypad only").isEqualTo(ExpectedInput.OPEN);
    assertThat(judge(c, "four one one one one one one one one one one one one one one one")).isEqualTo(TurnCompletion.OPEN);
    c.send(new DialogInput.CallerHungUp());
    assertThat(judge(c, "agent")).isEqualTo(TurnCompletion.OPEN);
    assertThat(engine.expectedInput(null)).isEqualTo(ExpectedInput.OPEN);
  }

  @Test
  void aConfirmationIsCompleteOnYesOrNo() {
    Calls c = call();
    c.say("i want to pay my bill");
    c.say("forty five dollars");
    c.keys("411111111111111#");
    if (c.state.phase() == Phase.CONFIRMING_REQUEST) {
      assertThat(engine.expectedInput(c.state)).isEqualTo(ExpectedInput.of(ExpectedInput.Kind.YES_NO));
      assertThat(judge(c, "yes")).isEqualTo(TurnCompletion.COMPLETE);
      assertThat(judge(c, "wait")).isEqualTo(TurnCompletion.OPEN);
    } else {
      throw new AssertionError("expected a confirmation before the payment, got " + c.state);
    }
  }
}
