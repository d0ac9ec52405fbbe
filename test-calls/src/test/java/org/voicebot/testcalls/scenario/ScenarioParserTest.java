package org.voicebot.testcalls.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioParserTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void readsTheFormatExample() throws Exception {
    Scenario s = ScenarioParser.parse(write("""
        name: balance-with-dtmf-account
        description: caller asks for the balance and keys the account number
        entry: ari
        caller_id: "+15550001111"
        language: en-US
        timeout_s: 60
        steps:
          - expect: {bot_says: "how can I help"}
          - say: "what do I owe this month"
          - expect: {intent: check_balance}
          - dtmf: "40012345#"
          - say: "stop"
            barge_in: true
            after_ms: 500
            gain_db: 12
          - expect: {slot: {account_number: "0040"}, within_s: 3}
          - expect: {transfer: {reason: caller_request}}
          - expect: {outcome: resolved}
        """));
    assertThat(s.name()).isEqualTo("balance-with-dtmf-account");
    assertThat(s.timeoutS()).isEqualTo(60);
    assertThat(s.steps()).hasSize(8);
    var barge = (ScenarioStep.Say) s.steps().get(4);
    assertThat(barge.speech()).isEqualTo(new ScenarioStep.Speech(12, true, 500));
    var slot = (ScenarioStep.Expect) s.steps().get(5);
    assertThat(slot.withinS()).isEqualTo(3);
    assertThat(slot.conditions().slot()).containsEntry("account_number", "0040");
    assertThat(((ScenarioStep.Expect) s.steps().get(7)).conditions().atEndOfCall()).isTrue();
  }

  @Test
  void unknownKeyNamesFileStepAndKey() throws Exception {
    Path f = write("""
        name: x
        steps:
          - expect: {bot_says: "hi"}
          - expect: {bot_sayz: "hi"}
        """);
    assertThatThrownBy(() -> ScenarioParser.parse(f)).isInstanceOf(ScenarioException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("step 2").hasMessageContaining("bot_sayz");
  }

  @Test
  void unknownTopLevelKeyAndBadValuesAreErrors() throws Exception {
    assertThatThrownBy(() -> ScenarioParser.parse(write("name: x\ncolour: red\nsteps: [{hangup: true}]\n")))
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> ScenarioParser.parse(write("name: x\nsteps: [{expect: {transfer: {reason: bored}}}]\n")))
        .hasMessageContaining("reason").hasMessageContaining("caller_request");
    assertThatThrownBy(() -> ScenarioParser.parse(write("name: x\nsteps: [{say: no}]\n")))
        .hasMessageContaining("quote");
    assertThatThrownBy(() -> ScenarioParser.parse(write("name: x\nsteps: [{dtmf: \"12x\"}]\n")))
        .hasMessageContaining("keypad");
    assertThatThrownBy(() -> ScenarioParser.parse(write("name: x\nsteps: []\n"))).hasMessageContaining("steps");
  }

  @Test
  void shippedScenariosParse() throws Exception {
    for (Path f : ScenarioParser.find(java.util.List.of(Path.of("scenarios"), Path.of("demo")))) {
      assertThat(ScenarioParser.parse(f).steps()).isNotEmpty();
    }
  }
}
