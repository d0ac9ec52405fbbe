package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.IntentRecognized;
import org.voicebot.dialog.DialogState.Phase;
import org.voicebot.dialog.nlu.IntentMatch;

/** Two intents too close to choose between lead to a short question naming both, not to a coin toss. */
class ClarifyingQuestionTest {

  final DialogEngine engine = Calls.utilityEngine();
  final Calls call = new Calls(engine, "+15550001111");

  /** An utterance the recognizer finds between two business intents (checked, so the test says why it fails). */
  private static final String BETWEEN = "my account";

  private List<DialogAction> ask() {
    call.start();
    IntentMatch m = engine.recognizer().recognize(BETWEEN);
    assertThat(engine.decision(m)).as("%s is %s", BETWEEN, m).isEqualTo("clarify");
    List<DialogAction> a = call.say(BETWEEN);
    assertThat(call.state.phase()).isEqualTo(Phase.CONFIRMING_INTENT);
    assertThat(Calls.spoken(a)).startsWith("Sorry, just to be sure: do you want to ").contains(", or ");
    return a;
  }

  private String first() {
    return call.state.confirmingIntent();
  }

  private String second() {
    return call.state.clarifyingWith();
  }

  private static List<String> intents(List<DialogAction> actions) {
    return actions.stream().filter(a -> a instanceof IntentRecognized).map(a -> ((IntentRecognized) a).name()).toList();
  }

  @Test
  void theSecondOneStartsTheSecond() {
    ask();
    String second = second();
    assertThat(intents(call.say("the second one please"))).containsExactly(second);
  }

  @Test
  void keyOneStartsTheFirst() {
    ask();
    String first = first();
    assertThat(intents(call.keys("1"))).containsExactly(first);
  }

  @Test
  void namingOneStartsIt() {
    ask();
    String label = engine.definition().intent(second()).label();
    String second = second();
    assertThat(intents(call.say(label))).containsExactly(second);
  }

  @Test
  void aBareYesAsksAgainAndANoAsksWhatElse() {
    ask();
    List<DialogAction> a = call.say("yes");
    assertThat(intents(a)).isEmpty();
    assertThat(Calls.spoken(a)).contains(", or ");
    a = call.say("no neither");
    assertThat(Calls.spoken(a)).contains("tell me in a few words");
    assertThat(call.state.phase()).isEqualTo(Phase.AWAITING_REQUEST);
  }

  @Test
  void theQuestionIsADialogPromptWithBothLabels() throws Exception {
    DialogDefinition def = engine.definition();
    assertThat(def.prompts().clarifyFor(def.intent("check_balance"), def.intent("pay_bill")))
        .isEqualTo("Sorry, just to be sure: do you want to check your balance, or pay a bill?");
  }
}
