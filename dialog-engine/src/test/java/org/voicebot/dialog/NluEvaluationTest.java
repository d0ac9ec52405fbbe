package org.voicebot.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicebot.dialog.nlu.NluEvaluation;

class NluEvaluationTest {

  @Test
  void readsLabelledLinesAndSkipsCommentsAndBlanks() throws Exception {
    List<NluEvaluation.Line> lines = NluEvaluation.parse(List.of("# a comment", "check_balance\thow much do i owe",
        "", "-\twhat's the weather like"));
    assertThat(lines).containsExactly(new NluEvaluation.Line(2, "check_balance", "how much do i owe"),
        new NluEvaluation.Line(4, "-", "what's the weather like"));
  }

  @Test
  void aMalformedLineNamesItsNumber() {
    assertThatThrownBy(() -> NluEvaluation.parse(List.of("check_balance\tok", "no tab here")))
        .isInstanceOf(NluEvaluation.FormatException.class).hasMessage("line 2: expected 'intent<TAB>utterance', found no tab");
    assertThatThrownBy(() -> NluEvaluation.parse(List.of("Check Balance\thi")))
        .hasMessageStartingWith("line 1: the expected intent");
    assertThatThrownBy(() -> NluEvaluation.parse(List.of("pay_bill\t")))
        .hasMessage("line 1: no utterance");
    assertThatThrownBy(() -> NluEvaluation.parse(List.of("a\tb\tc"))).hasMessage("line 1: more than one tab");
  }

  @Test
  void scoresAccuracyRejectionAndConfusions() throws Exception {
    DialogEngine engine = Calls.utilityEngine();
    List<NluEvaluation.Line> lines = NluEvaluation.parse(List.of("check_balance\thow much do i owe",
        "business_hours\thow much do i owe", "-\tplease sing me a song", "agent\tget me a human"));
    long[] t = {0};
    NluEvaluation.Report r = NluEvaluation.run(engine, lines, () -> t[0] += 2_000_000);
    assertThat(r.n()).isEqualTo(4);
    assertThat(r.correct()).isEqualTo(3);
    assertThat(r.outOfDomain()).isEqualTo(1);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.confusions()).containsExactly(new NluEvaluation.Confusion("business_hours", "check_balance", 1));
    assertThat(r.msPerUtterance()).isEqualTo(2.0);
    assertThat(NluEvaluation.unknownLabels(engine, NluEvaluation.parse(List.of("no_such_intent\thi"))))
        .containsEntry("no_such_intent", 1);
  }
}
