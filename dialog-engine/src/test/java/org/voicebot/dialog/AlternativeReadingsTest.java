package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.IntentRecognized;
import org.voicebot.dialog.DialogAction.SlotFilled;
import org.voicebot.dialog.nlu.IntentMatch;
import org.voicebot.dialog.slot.SlotSpec;

/**
 * A transcript with other readings of the same audio: the free-speech reading (first) is trusted; a grammar reading
 * gives digits at a number prompt, a yes or no where the first gives nothing, and corroboration, never more.
 */
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
  void aGrammarReadingNeverBringsAnIntentTheFreeReadingDoesNotHave() {
    call.start();
    // the grammar engine forces what it does not cover onto the dialog's phrases: it is not the caller's request
    assertThat(intents(say("chen i pain my deal", "i want to pay my bill"))).isEmpty();
    assertThat(call.state.phase()).isEqualTo(DialogState.Phase.AWAITING_REQUEST);
  }

  @Test
  void aGrammarReadingNeverEndsTheCallTransfersOrRaisesASensitiveTopic() {
    call.start();
    List<DialogAction> a = say("i got a letter about my meter and i don't know what it means", "have a good day");
    assertThat(a).noneMatch(x -> x instanceof DialogAction.EndCall);
    a = say("are you open on saturday morning", "my husband passed away");
    assertThat(a).noneMatch(x -> x instanceof DialogAction.TransferCall);
    a = say("i'd like to pay the bill for the water", "speak to a human");
    assertThat(a).noneMatch(x -> x instanceof DialogAction.TransferCall);
    assertThat(intents(a)).containsExactly("pay_bill");
  }

  @Test
  void anAlternativeOfTheSameIntentCorroboratesTheFreeReading() {
    DialogEngine engine = call.engine;
    String first = "i want to complain about your guy";
    IntentMatch alone = engine.recognizer().recognize(first);
    assertThat(alone.intent()).isEqualTo("complaint");
    assertThat(alone.confidence()).isLessThan(1.0);
    DialogEngine.Chosen chosen = engine.choose(first, List.of("i want to make a complaint"), null, false, null);
    assertThat(chosen.text()).isEqualTo(first);
    assertThat(chosen.how()).isEqualTo("corroborated");
    assertThat(chosen.match().confidence()).isEqualTo(1.0);
    // an alternative of another intent changes nothing
    assertThat(engine.choose(first, List.of("pay my bill"), null, false, null).match()).isEqualTo(alone);
  }

  @Test
  void aRequestForAPersonIsNotHiddenByAnAlternativeThatMatchesAnExampleExactly() {
    call.start();
    List<DialogAction> actions = say("i want to talk to a person", "i want to what do i owe this month");
    assertThat(intents(actions)).containsExactly("agent");
  }

  @Test
  void atAYesNoPromptAGrammarYesCountsWhereTheFreeReadingMeansNothing() {
    DialogEngine engine = call.engine;
    assertThat(engine.choose("yeah sure", List.of("no"), null, true, null).how()).isEqualTo("first");
    DialogEngine.Chosen c = engine.choose("ya", List.of("yes"), null, true, null);
    assertThat(c.text()).isEqualTo("yes");
    assertThat(c.how()).isEqualTo("yes-no");
    // elsewhere a one-word grammar reading that is a command phrase word for word stands in for an unclear free one
    assertThat(engine.choose("ya", List.of("yes"), null, false, null).how()).isEqualTo("short-command");
    assertThat(engine.choose("man you", List.of("menu"), null, false, null).match().intent()).isEqualTo("help");
    // but not for a goodbye, nor for a long utterance
    assertThat(engine.choose("good buy", List.of("goodbye"), null, false, null).how()).isNotEqualTo("short-command");
    assertThat(engine.choose("i have a question about my meter reading please", List.of("menu"), null, false, null)
        .how()).isEqualTo("first");
  }

  @Test
  void theRuleForScoringAReading() {
    DialogEngine engine = Calls.utilityEngine();
    SlotSpec zip = engine.definition().intents().values().stream().flatMap(i -> i.slots().stream())
        .filter(s -> s.name().equals("postal_code")).findFirst().orElseThrow();
    assertThat(engine.understanding("nine oh two one oh", zip, null).score()).isEqualTo(1.0);
    assertThat(engine.understanding("no", zip, null).score()).isZero(); // not acted on at a number prompt
    assertThat(engine.understanding("no", null, null).score()).isPositive();
    assertThat(engine.understanding("i want to talk to a person", zip, null).score()).isEqualTo(1.0);
    assertThat(engine.understanding("banana telescope", null, null).score()).isZero();
    assertThat(engine.understanding(" ", null, null).match()).isNull();
  }

  @Test
  void aGrammarReadingsCueDoesNotCountAgainstWhatTheCallerWasUnderstoodToSay() {
    call.start();
    say("my power is out");
    // the caller gave the zip code; the grammar engine forced it onto a cue phrase
    List<DialogAction> actions = say("nine oh two one oh", "i already told you");
    assertThat(actions).filteredOn(a -> a instanceof DialogAction.FrustrationChanged)
        .flatExtracting(a -> ((DialogAction.FrustrationChanged) a).cues()).doesNotContain("already told us");
    Calls other = new Calls(Calls.utilityEngine(), "+15550001111");
    other.start();
    List<DialogAction> a = other.send(new DialogInput.CallerSaid("what are your opening hours on saturday", 0.8,
        UtteranceFeatures.NONE, List.of("this is ridiculous")));
    assertThat(a).filteredOn(x -> x instanceof DialogAction.FrustrationChanged)
        .flatExtracting(x -> ((DialogAction.FrustrationChanged) x).cues()).doesNotContain("angry words");
  }

  @Test
  void aGrammarReadingsCueCountsWhereTheFreeReadingSaysNothingOrSoundsLikeIt() {
    call.start();
    say("my power is out");
    List<DialogAction> actions = say("sam did", "dammit"); // not understood at all, and alike
    assertThat(actions).filteredOn(a -> a instanceof DialogAction.FrustrationChanged)
        .flatExtracting(a -> ((DialogAction.FrustrationChanged) a).cues()).contains("profanity");
  }

  @Test
  void aFrustrationCueInTheFreeReadingCounts() {
    call.start();
    say("my power is out");
    List<DialogAction> actions = say("how many times do i have to tell you", "nine oh two one oh");
    assertThat(actions).filteredOn(a -> a instanceof DialogAction.FrustrationChanged)
        .flatExtracting(a -> ((DialogAction.FrustrationChanged) a).cues()).contains("already told us");
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
