package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.IntentRecognized;
import org.voicebot.dialog.DialogAction.SlotFilled;
import org.voicebot.dialog.slot.SlotSpec;

/** A transcript with other readings of the same audio: the dialog acts on the reading it understands best. */
class AlternativeReadingsTest {
  final Calls call = new Calls(Calls.utilityEngine(), "+15550001111");

  private List<DialogAction> say(String text, String... alternatives) {
    return call.send(new DialogInput.CallerSaid(text, 0.8, UtteranceFeatures.NONE, List.of(alternatives)));
  }

  private static List<String> intents(List<DialogAction> actions) {
    return actions.stream().filter(a -> a instanceof IntentRecognized).map(a -> ((IntentRecognized) a).name()).toList();
  }

  @Test
  void anUnderstoodFirstReadingWinsOverTheAlternatives() {
    call.start();
    assertThat(intents(say("what are your opening hours", "i want to pay my bill"))).containsExactly("business_hours");
  }

  @Test
  void aFirstReadingTheDialogDoesNotUnderstandGivesWayToAnAlternativeItDoes() {
    call.start();
    List<DialogAction> actions = say("chen i pain my deal", "i want to pay my bill");
    assertThat(intents(actions)).containsExactly("pay_bill");
  }

  @Test
  void aTentativeFirstReadingGivesWayToAConfidentAlternative() {
    call.start();
    // "her come plain" reaches complaint only tentatively (the dialog would ask "did you want to...?")
    List<DialogAction> actions = say("i want to make her come plain", "i want to make a complaint");
    assertThat(intents(actions)).containsExactly("complaint");
  }

  @Test
  void aRequestForAPersonIsNotHiddenByAnAlternativeThatMatchesAnExampleExactly() {
    call.start();
    // the second engine, held to the dialog's phrases, heard an example of check_balance word for word
    List<DialogAction> actions = say("i want to talk to a person", "i want to what do i owe this month");
    assertThat(intents(actions)).containsExactly("agent");
  }

  @Test
  void theRuleForChoosingAReading() {
    DialogEngine engine = Calls.utilityEngine();
    SlotSpec zip = engine.definition().intents().values().stream().flatMap(i -> i.slots().stream())
        .filter(s -> s.name().equals("postal_code")).findFirst().orElseThrow();
    assertThat(engine.understanding("nine oh two one oh", zip, null).score()).isEqualTo(1.0);
    assertThat(engine.understanding("no", zip, null).score()).isZero(); // not acted on at a number prompt
    assertThat(engine.understanding("no", null, null).score()).isPositive();
    assertThat(engine.understanding("i want to talk to a person", zip, null).score()).isEqualTo(1.0);
    assertThat(engine.understanding("dammit", null, null).score())
        .isEqualTo(engine.definition().understanding().rejectBelow()); // a cue asks for nothing but was said
    assertThat(engine.understanding("banana telescope", null, null).score()).isZero();
    assertThat(engine.understanding(" ", null, null).match()).isNull();
  }

  @Test
  void aFrustrationCueOnlyTheAlternativeHeardIsHeard() {
    call.start();
    say("my power is out");
    List<DialogAction> actions = say("sam did", "dammit");
    assertThat(actions).filteredOn(a -> a instanceof DialogAction.FrustrationChanged)
        .extracting(a -> ((DialogAction.FrustrationChanged) a).cues()).first().asList().contains("profanity");
  }

  @Test
  void aCueInAReadingNotActedOnStillCounts() {
    call.start();
    say("check my balance");
    // the first reading is understood better ("times" is near the opening-hours intent); the cue is in the other
    List<DialogAction> actions = say("what times", "how many times");
    assertThat(actions).filteredOn(a -> a instanceof DialogAction.FrustrationChanged)
        .extracting(a -> ((DialogAction.FrustrationChanged) a).cues()).first().asList().contains("already told us");
  }

  @Test
  void atANumberPromptAReadingWithTheNumberWinsOverAYesOrNo() {
    call.start();
    say("my power is out");
    // "no" is not acted on at a number prompt, so the reading with the zip code is the one understood
    List<DialogAction> done = say("no", "nine oh two one oh");
    assertThat(done.get(0)).isEqualTo(new SlotFilled("postal_code", "90210"));
  }

  @Test
  void whenNoReadingIsUnderstoodTheFirstIsTheOneNotUnderstood() {
    call.start();
    List<DialogAction> actions = say("banana telescope", "purple giraffe");
    assertThat(intents(actions)).isEmpty();
    assertThat(call.state.phase()).isEqualTo(DialogState.Phase.AWAITING_REQUEST);
    assertThat(Calls.spoken(actions)).isNotEmpty(); // the not-understood reprompt
  }

  @Test
  void noAlternativesIsTheOldBehaviour() {
    call.start();
    assertThat(intents(say("chen i pain my deal"))).isEmpty();
  }
}
