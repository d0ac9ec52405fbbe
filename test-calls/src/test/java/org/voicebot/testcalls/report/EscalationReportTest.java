package org.voicebot.testcalls.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebot.testcalls.report.FrustrationReportCommand.ReportException;

/** The report's arithmetic on a hand-made {@code test-calls --json} report. */
class EscalationReportTest {

  @TempDir
  Path dir;

  /** Eight calls: 4 frustrated (2 escalated for frustration), 3 calm (1 escalated for frustration), 1 unlabelled. */
  private static final String REPORT = """
      {"scenarios":[
       {"name":"f-agent","description":"[frustrated] asks for an agent on the 2nd turn","passed":true,"events":[
         {"type":"call_started","t_ms":0},
         {"type":"bot_utterance_started","t_ms":100,"text":"how can I help"},
         {"type":"caller_speech_started","t_ms":9000},
         {"type":"transcript","t_ms":10500,"text":"okay"},
         {"type":"frustration","t_ms":10510,"score":0.1,"cues":["not understood"]},
         {"type":"caller_speech_started","t_ms":14000},
         {"type":"intent","t_ms":15000,"name":"agent"},
         {"type":"frustration","t_ms":15001,"score":0.235,"cues":["asked for a person"]},
         {"type":"transfer","t_ms":15002,"reason":"caller_request","queue":"q","summary":"s"},
         {"type":"call_ended","t_ms":20000,"outcome":"transferred"}]},
       {"name":"f-louder","description":"[frustrated] keys the account, then shouts twice","passed":true,"events":[
         {"type":"caller_speech_started","t_ms":9000},
         {"type":"dtmf","t_ms":12000,"digit":"4"},{"type":"dtmf","t_ms":12150,"digit":"0"},
         {"type":"dtmf","t_ms":12300,"digit":"0"},{"type":"dtmf","t_ms":12450,"digit":"#"},
         {"type":"slot","t_ms":12460,"name":"account_number","value":"400"},
         {"type":"caller_speech_started","t_ms":16000},
         {"type":"frustration","t_ms":17000,"score":0.46,"cues":["raised voice","not understood"]},
         {"type":"caller_speech_started","t_ms":22000},
         {"type":"frustration","t_ms":23000,"score":0.71,"cues":["raised voice","not understood"]},
         {"type":"transfer","t_ms":23001,"reason":"frustration"}]},
       {"name":"f-failure","description":"[frustrated] ends as repeated failure","passed":false,"events":[
         {"type":"caller_speech_started","t_ms":1000},
         {"type":"caller_speech_started","t_ms":5000},
         {"type":"caller_speech_started","t_ms":9000},
         {"type":"transfer","t_ms":9500,"reason":"repeated_failure"}]},
       {"name":"f-missed","description":"[frustrated] never transferred","passed":false,"events":[
         {"type":"caller_speech_started","t_ms":1000},
         {"type":"frustration","t_ms":1500,"score":0.5,"cues":["profanity","not understood"]},
         {"type":"call_ended","t_ms":9000,"outcome":"abandoned"}]},
       {"name":"c-fine","description":"[calm] resolved","passed":true,"events":[
         {"type":"caller_speech_started","t_ms":1000},
         {"type":"call_ended","t_ms":9000,"outcome":"resolved"}]},
       {"name":"c-false-alarm","description":"[Calm] transferred for frustration","passed":false,"events":[
         {"type":"caller_speech_started","t_ms":1000},
         {"type":"caller_speech_started","t_ms":5000},
         {"type":"transfer","t_ms":5500,"reason":"frustration"}]},
       {"name":"c-complaint","description":"[calm] a sensitive topic","passed":true,"events":[
         {"type":"caller_speech_started","t_ms":1000},
         {"type":"transfer","t_ms":2000,"reason":"sensitive_topic"}]},
       {"name":"u-any","description":"no label here","passed":true,"events":[
         {"type":"caller_speech_started","t_ms":1000},
         {"type":"transfer","t_ms":2000,"reason":"frustration"}]}
      ],"passed":5,"failed":3}
      """;

  private EscalationReport report() throws Exception {
    Path f = dir.resolve("report.json");
    Files.writeString(f, REPORT);
    return EscalationReport.of(FrustrationReportCommand.fromReport(f));
  }

  @Test
  void countsConfusionMatrixAgainstLabels() throws Exception {
    EscalationReport r = report();
    assertThat(r.truePositives()).isEqualTo(2);
    assertThat(r.falsePositives()).isEqualTo(1);
    assertThat(r.falseNegatives()).isEqualTo(2);
    assertThat(r.trueNegatives()).isEqualTo(2); // the complaint's sensitive_topic transfer is not a positive
    assertThat(r.precision().getAsDouble()).isEqualTo(2.0 / 3.0);
    assertThat(r.recall().getAsDouble()).isEqualTo(0.5);
    assertThat(r.meanEscalationTurn().getAsDouble()).isEqualTo(3.0); // f-agent at turn 2, f-louder at turn 4
  }

  @Test
  void countsCallerTurnsUpToTheTransfer() throws Exception {
    List<EscalationReport.Row> rows = report().rows();
    EscalationReport.Row agent = rows.get(0);
    assertThat(agent.escalation().escalationTurn()).isEqualTo(2);
    assertThat(agent.escalation().firstCueTurn()).isEqualTo(2); // "not understood" alone is not a cue
    assertThat(agent.lag()).isZero();
    EscalationReport.Row louder = rows.get(1);
    assertThat(louder.escalation().escalationTurn()).isEqualTo(4); // speech, one keypad entry, speech, speech
    assertThat(louder.escalation().firstCueTurn()).isEqualTo(3);
    assertThat(louder.lag()).isEqualTo(1);
    assertThat(rows.get(3).escalation().escalated()).isFalse();
    assertThat(rows.get(3).escalation().escalationTurn()).isNull();
    assertThat(rows.get(7).label()).isEqualTo(Label.UNLABELLED);
  }

  @Test
  void keysAfterTheTransferAndSlowKeysAreCountedApart() {
    List<JsonObject> zeros = events(
        "{\"type\":\"dtmf\",\"t_ms\":1000,\"digit\":\"0\"}",
        "{\"type\":\"frustration\",\"t_ms\":1001,\"score\":0.15,\"cues\":[\"asked for a person\"]}",
        "{\"type\":\"transfer\",\"t_ms\":1002,\"reason\":\"caller_request\"}",
        "{\"type\":\"dtmf\",\"t_ms\":1150,\"digit\":\"0\"}",
        "{\"type\":\"dtmf\",\"t_ms\":1300,\"digit\":\"0\"}");
    CallTurns.Escalation e = CallTurns.of(zeros);
    assertThat(e.escalationTurn()).isEqualTo(1);
    assertThat(e.callerTurns()).isEqualTo(1); // "000" is one keypad entry
    List<JsonObject> slow = events(
        "{\"type\":\"dtmf\",\"t_ms\":1000,\"digit\":\"7\"}",
        "{\"type\":\"dtmf\",\"t_ms\":4000,\"digit\":\"1\"}",
        "{\"type\":\"caller_speech_started\",\"t_ms\":9000}",
        "{\"type\":\"dtmf\",\"t_ms\":9100,\"digit\":\"0\"}",
        "{\"type\":\"transfer\",\"t_ms\":9200,\"reason\":\"caller_request\"}");
    assertThat(CallTurns.of(slow).escalationTurn()).isEqualTo(4);
  }

  @Test
  void printsTheFiguresAndHowTurnsAreCounted() throws Exception {
    String out = report().render();
    assertThat(out).contains("precision 0.667 (2/3)", "recall    0.500 (2/4)",
        "mean escalation turn of the frustrated calls escalated for frustration: 3.00",
        "unlabelled (not counted): 1", "caller_speech_started");
    assertThat(out.lines().filter(l -> l.startsWith("c-complaint")).findFirst().orElseThrow())
        .contains("calm", "yes", "sensitive_topic");
  }

  @Test
  void noCallsGivesNoFiguresRatherThanNaN() {
    String out = EscalationReport.of(List.of()).render();
    assertThat(out).contains("precision n/a", "recall    n/a", "turn of the frustrated calls escalated for frustration: n/a");
  }

  @Test
  void readsTheLabelFromTheScenarioFileWhenTheReportHasNoDescription() throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, """
        name: from-file
        description: "[frustrated] labelled in the file"
        steps:
          - say: "agent"
        """);
    JsonObject one = new JsonObject().put("name", "from-file").put("file", scenario.toString()).put("passed", true)
        .put("events", new JsonArray());
    Path f = dir.resolve("r.json");
    Files.writeString(f, new JsonObject().put("scenarios", new JsonArray().add(one)).encode());
    assertThat(FrustrationReportCommand.fromReport(f).get(0).label()).isEqualTo(Label.FRUSTRATED);
  }

  @Test
  void badReportsNameTheFileAndTheScenario() throws Exception {
    Path notJson = dir.resolve("broken.json");
    Files.writeString(notJson, "{\"scenarios\": [");
    assertThatThrownBy(() -> FrustrationReportCommand.fromReport(notJson)).isInstanceOf(ReportException.class)
        .hasMessageContaining("broken.json").hasMessageContaining("not JSON");
    Path badEvent = dir.resolve("bad-event.json");
    Files.writeString(badEvent, "{\"scenarios\":[{\"name\":\"x\",\"events\":[1]}]}");
    assertThatThrownBy(() -> FrustrationReportCommand.fromReport(badEvent)).isInstanceOf(ReportException.class)
        .hasMessageContaining("scenarios[0]").hasMessageContaining("(x)");
    Path noScenarios = dir.resolve("other.json");
    Files.writeString(noScenarios, "{}");
    assertThatThrownBy(() -> FrustrationReportCommand.fromReport(noScenarios))
        .hasMessageContaining("no \"scenarios\" array");
  }

  @Test
  void labelsComeFromTheStartOfTheDescription() {
    assertThat(Label.of("[frustrated] x")).isEqualTo(Label.FRUSTRATED);
    assertThat(Label.of("  [CALM] x")).isEqualTo(Label.CALM);
    assertThat(Label.of("a [calm] caller")).isEqualTo(Label.UNLABELLED);
    assertThat(Label.of(null)).isEqualTo(Label.UNLABELLED);
  }

  private static List<JsonObject> events(String... json) {
    return java.util.Arrays.stream(json).map(JsonObject::new).toList();
  }
}
