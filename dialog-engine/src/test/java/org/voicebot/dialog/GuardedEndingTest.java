package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.EndCall;
import org.voicebot.dialog.DialogState.Phase;

/** Ending a call cannot be undone: the bot ends it only at a closing point, and never on an upset utterance. */
class GuardedEndingTest {

  final Calls call = new Calls(Calls.utilityEngine(), "+15550001111");

  private static boolean ends(List<DialogAction> actions) {
    return actions.stream().anyMatch(a -> a instanceof EndCall);
  }

  @Test
  void aGoodbyeBeforeAnythingWasAnsweredIsAskedAboutFirst() {
    call.start();
    List<DialogAction> a = call.say("okay that's all bye");
    assertThat(ends(a)).isFalse();
    assertThat(Calls.spoken(a)).isEqualTo("Before you go: is there anything else I can help with?");
    assertThat(call.state.phase()).isEqualTo(Phase.ANYTHING_ELSE);
    a = call.say("no thanks");
    assertThat(ends(a)).isTrue();
    assertThat(Calls.spoken(a)).contains("Goodbye");
  }

  @Test
  void atTheClosingPointAGoodbyeEndsTheCall() {
    call.start();
    call.say("what are your opening hours");
    assertThat(call.state.phase()).isEqualTo(Phase.ANYTHING_ELSE);
    assertThat(ends(call.say("no that's all thank you"))).isTrue();
    assertThat(call.state.outcome()).isEqualTo(CallOutcome.RESOLVED);
  }

  @Test
  void anUpsetGoodbyeIsNotTakenAsTheEnd() {
    call.start();
    call.say("what are your opening hours");
    List<DialogAction> a = call.say("no this was useless bye");
    assertThat(ends(a)).isFalse();
    assertThat(call.state.over()).isFalse();
  }

  @Test
  void aGoodbyeInTheMiddleOfARequestIsAskedAbout() {
    call.start();
    call.say("i want to check my balance");
    assertThat(call.state.phase()).isEqualTo(Phase.COLLECTING_SLOT);
    List<DialogAction> a = call.say("goodbye");
    assertThat(ends(a)).isFalse();
    assertThat(Calls.spoken(a)).contains("anything else");
  }

  @Test
  void aCallerShoutingAboutAnOutageIsNeverHungUpOn() {
    call.start();
    List<DialogAction> a = call.say("i have had no power for two days and i have had enough of this", -3);
    assertThat(ends(a)).isFalse();
    assertThat(call.state.over() && call.state.outcome() != CallOutcome.TRANSFERRED).isFalse();
  }

  @Test
  void silenceAtTheGoodbyeQuestionEndsTheCall() {
    call.start();
    call.say("bye");
    assertThat(ends(call.send(new DialogInput.NoInput()))).isTrue();
  }
}
