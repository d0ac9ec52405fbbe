package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.DialogAction.FrustrationChanged;
import org.voicebot.dialog.DialogAction.TransferCall;
import org.voicebot.dialog.frustration.FrustrationDetector;
import org.voicebot.dialog.frustration.FrustrationDetector.Signals;
import org.voicebot.dialog.frustration.FrustrationState;

/** Frustration by what the caller means and how loud they are, each cue with its evidence. */
class FrustrationByMeaningTest {

  final DialogEngine engine = Calls.utilityEngine();
  final FrustrationDetector detector = engine.frustrationDetector();

  private FrustrationDetector.Assessment said(String text) {
    return detector.assess(FrustrationState.initial(), Signals.utterance(text, null));
  }

  @Test
  void cuesWithoutTheListedWordsAreFoundByMeaningWithTheirEvidence() {
    FrustrationDetector.Assessment a = said("you people never listen");
    assertThat(a.cues()).containsExactly(FrustrationDetector.NOT_LISTENING);
    assertThat(a.evidence()).singleElement().asString().startsWith("not listening: like 'you never listen'");
    assertThat(said("oh forget it").cues()).containsExactly(FrustrationDetector.GIVING_UP);
    assertThat(said("what is wrong with you").cues()).containsExactly(FrustrationDetector.ANGRY);
    assertThat(said("this is useless").evidence()).containsExactly("angry words: words");
  }

  @Test
  void ordinaryRequestsCarryNoCue() {
    for (String s : List.of("i want to report an outage", "can you repeat that", "what are your opening hours",
        "my power has been out since this morning", "i'd like to pay my bill please", "no that's all thanks")) {
      assertThat(said(s).cues()).as(s).isEmpty();
    }
  }

  @Test
  void aFirstUtteranceIsMeasuredAgainstWhatALineCarries() {
    UtteranceFeatures shout = new UtteranceFeatures(-3.3, 0, 180, 60, 1500, 2.5);
    UtteranceFeatures hotLine = new UtteranceFeatures(-8.6, 0, 180, 60, 1500, 2.5);
    assertThat(detector.assess(FrustrationState.initial(), Signals.utterance("check my balance", shout)).cues())
        .containsExactly("raised voice");
    FrustrationDetector.Assessment hot =
        detector.assess(FrustrationState.initial(), Signals.utterance("check my balance", hotLine));
    assertThat(hot.cues()).isEmpty();
    // the hot line becomes the caller's baseline: the same level later is not raised
    assertThat(detector.assess(hot.state(), Signals.utterance("business hours", hotLine)).cues()).isEmpty();
  }

  @Test
  void swearingRightAfterAFailedPromptEscalatesAtThatTurn() {
    Calls call = new Calls(engine, "+15550001111");
    call.start();
    call.say("banana telescope purple");
    assertThat(call.transfer()).isNull();
    List<DialogAction> a = call.say("oh for crying out loud damn it");
    assertThat(a).filteredOn(x -> x instanceof FrustrationChanged).isNotEmpty();
    TransferCall t = call.transfer();
    assertThat(t).isNotNull();
    assertThat(t.reason()).isEqualTo(TransferReason.FRUSTRATION);
  }

  @Test
  void swearingWithoutAFailureBeforeItDoesNotEscalateAlone() {
    Calls call = new Calls(engine, "+15550001111");
    call.start();
    call.say("damn it my power is out");
    assertThat(call.transfer()).isNull();
  }
}
