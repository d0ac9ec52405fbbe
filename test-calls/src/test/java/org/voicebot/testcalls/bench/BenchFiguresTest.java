package org.voicebot.testcalls.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchFiguresTest {

  @Test
  void nearestRankPercentilesAreSamplesThatWereSeen() {
    List<Long> hundred = new ArrayList<>();
    for (long i = 100; i >= 1; i--) {
      hundred.add(i);
    }
    Distribution d = Distribution.of(hundred);
    assertThat(d.count()).isEqualTo(100);
    assertThat(d.p50()).isEqualTo(50);
    assertThat(d.p95()).isEqualTo(95);
    assertThat(d.p99()).isEqualTo(99);
    assertThat(d.max()).isEqualTo(100);

    Distribution few = Distribution.of(List.of(700L, 900L, 800L));
    assertThat(few.p50()).isEqualTo(800);
    assertThat(few.p95()).isEqualTo(900); // ceil(0.95 * 3) = 3rd
    assertThat(Distribution.of(List.of(42L)).p99()).isEqualTo(42);
    assertThat(Distribution.of(List.of())).isEqualTo(Distribution.EMPTY);
    assertThat(Distribution.EMPTY.toJson().getValue("p95")).isNull();
  }

  @Test
  void theSloBreaksOnEachOfItsConditionsAndNamesIt() {
    assertThat(Slo.DEFAULT.violations(level(4, 780, 120, 0, 0, 0))).isEmpty();
    assertThat(Slo.DEFAULT.violations(level(4, 801, 120, 0, 0, 0))).singleElement().asString()
        .contains("response p95 801 ms > 800 ms");
    assertThat(Slo.DEFAULT.violations(level(4, 700, 151, 0, 0, 0))).singleElement().asString()
        .contains("barge-in stop p95 151 ms");
    assertThat(Slo.DEFAULT.violations(level(4, 700, 100, 3, 0, 0))).singleElement().asString()
        .contains("3 playout underruns");
    assertThat(Slo.DEFAULT.violations(level(4, 700, 100, 0, 1, 0))).singleElement().asString()
        .contains("1 failed calls");
    assertThat(Slo.DEFAULT.violations(level(4, 700, 100, 0, 0, 2))).singleElement().asString()
        .contains("2 blocked-thread warnings");
    // No barge-in happened at this level: nothing to judge there; no response at all: nothing shown.
    assertThat(Slo.DEFAULT.holds(level(4, 700, null, 0, 0, 0))).isTrue();
    assertThat(Slo.DEFAULT.violations(level(4, null, 100, 0, 0, 0))).contains("no response was measured");
  }

  @Test
  void capacitySearchDoublesThenBisectsAndReportsTheLastLevelThatHeld() {
    List<Integer> ran = new ArrayList<>();
    CapacitySearch.Outcome o = CapacitySearch.run(2, 64, Slo.DEFAULT, n -> {
      ran.add(n);
      return level(n, n <= 11 ? 600 : 900, 100, 0, 0, 0); // the machine holds 11
    });
    assertThat(ran).containsExactly(2, 4, 8, 16, 12, 10, 11);
    assertThat(o.maxHeld()).isEqualTo(11);
    assertThat(o.firstBroken()).isEqualTo(12);
    assertThat(o.levels()).extracting(LevelResult::concurrency).containsExactlyElementsOf(ran);
  }

  @Test
  void capacitySearchEdges() {
    // Even one call breaks it: capacity 0, found by bisecting below the start.
    CapacitySearch.Outcome none = CapacitySearch.run(2, 8, Slo.DEFAULT, n -> level(n, 900, 100, 0, 0, 0));
    assertThat(none.levels()).extracting(LevelResult::concurrency).containsExactly(2, 1);
    assertThat(none.maxHeld()).isZero();
    // Never breaks: stops at the ceiling, which is then the capacity shown (a lower bound).
    CapacitySearch.Outcome all = CapacitySearch.run(2, 6, Slo.DEFAULT, n -> level(n, 500, 100, 0, 0, 0));
    assertThat(all.levels()).extracting(LevelResult::concurrency).containsExactly(2, 4, 6);
    assertThat(all.maxHeld()).isEqualTo(6);
    assertThat(all.firstBroken()).isZero();
    assertThatThrownBy(() -> CapacitySearch.run(4, 2, Slo.DEFAULT, n -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReportHasEveryFieldTheIssueAsksFor(@TempDir Path dir) throws Exception {
    LevelResult two = level(2, 650, 90, 0, 0, 0);
    LevelResult four = level(4, 900, 120, 1, 0, 0);
    SoakCheck soak = new SoakCheck(2, 5, 5, 5, 5, Map.of("resolved", 3, "transferred", 2), 0,
        new SoakCheck.Sample(0, 100, 60, 200), new SoakCheck.Sample(30, 101, 60, 200), List.of());
    JsonObject r = BenchReport.build(two, List.of(two, four), new BenchReport.Capacity(2, "test", 4), Slo.DEFAULT,
        soak, new JsonObject());
    assertReportShape(r);
    assertThat(r.getInteger("concurrent_calls")).isEqualTo(2);
    assertThat(r.getJsonObject("response_ms").getLong("p95")).isEqualTo(650);
    assertThat(r.getJsonObject("capacity").getInteger("max_calls")).isEqualTo(2);
    assertThat(r.getJsonObject("capacity").getJsonObject("slo").getLong("response_p95_ms_max")).isEqualTo(800);
    assertThat(r.getJsonArray("levels")).hasSize(2);
    assertThat(r.getJsonArray("levels").getJsonObject(1).getBoolean("slo_held")).isFalse();
    assertThat(r.getJsonObject("soak").getBoolean("held")).isTrue();

    Path png = dir.resolve("r.png");
    LatencyChart.write(png, List.of(two, four), Slo.DEFAULT);
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    assertThat(BenchReport.table(List.of(two, four), Slo.DEFAULT)).contains("held").contains("broken: ");
  }

  @Test
  void soakChecksCatchUnaccountedCallsStuckSessionsAndGrowth() {
    SoakCheck.Sample s = new SoakCheck.Sample(0, 200, 80, 300);
    assertThat(new SoakCheck(1, 9, 9, 9, 9, Map.of("resolved", 9), 0, s, new SoakCheck.Sample(600, 215, 80, 302),
        List.of()).held()).isTrue();
    Map<String, Boolean> bad = new SoakCheck(1, 9, 9, 10, 9, Map.of("resolved", 9), 1, s,
        new SoakCheck.Sample(600, 260, 81, 303), List.of()).checks();
    assertThat(bad).allSatisfy((k, v) -> assertThat(v).as(k).isFalse());
    assertThat(new SoakCheck(1, 1, 1, 1, 1, Map.of("(none)", 1), 0, s, s, List.of()).held()).isFalse();
  }

  @Test
  void asrLagPairsEachEndOfSpeechWithTheFinalTranscriptAfterIt() {
    List<JsonObject> ev = List.of(
        ev(1000, "caller_speech_ended"), ev(1100, "transcript").put("final", false), ev(1450, "transcript"),
        ev(3000, "caller_speech_ended"), // rejected: no transcript before the next utterance
        ev(5000, "caller_speech_ended"), ev(5300, "transcript").put("final", true),
        ev(6000, "transcript"));
    assertThat(CallFigures.asrLag(ev)).containsExactly(450L, 300L);
  }

  @Test
  void theGatewaysOwnResponseTimeIsSplitBySpeechAndKeypadTurns() {
    List<JsonObject> ev = List.of(
        ev(0, "bot_utterance_started"), // the greeting answers no turn
        ev(2000, "caller_speech_ended"), ev(2100, "transcript"), ev(2350, "bot_utterance_started"),
        ev(5000, "dtmf"), ev(5150, "dtmf"), ev(5190, "bot_utterance_started"),
        ev(5900, "bot_utterance_started")); // a second utterance in the same answer
    assertThat(CallFigures.gatewayResponse(ev, "caller_speech_ended")).containsExactly(350L);
    assertThat(CallFigures.gatewayResponse(ev, "dtmf")).containsExactly(40L);
  }

  @Test
  void theGatewaysSpokenResponseTimeStartsAtTheCallersLastSound() {
    List<JsonObject> ev = List.of(
        ev(2000, "caller_speech_ended").put("speech_end_ms", 1300L).put("end_silence_ms", 700),
        ev(2350, "bot_utterance_started"));
    assertThat(CallFigures.gatewayResponse(ev, "caller_speech_ended")).as("end silence included").containsExactly(1050L);
  }

  @Test
  void optionsAndTheScenarioMix() {
    BenchCommand.Options o = BenchCommand.parse(new String[] {"--calls", "3", "--duration", "600"}, Path.of("/h"));
    assertThat(o.calls()).isEqualTo(3);
    assertThat(o.warmupS()).isEqualTo(60); // a soak warms up first
    assertThat(o.soakLength()).isTrue();
    assertThat(o.scenarios()).containsExactly(Path.of("/h/test-calls/scenarios/intents"),
        Path.of("/h/test-calls/scenarios/barge-in"));
    assertThat(BenchCommand.parse(new String[] {"--find-capacity"}, Path.of(".")).warmupS()).isZero();
    assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--calls", "0"}, Path.of(".")))
        .hasMessageContaining("--calls must be at least 1");
    assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--calls", "x"}, Path.of(".")))
        .hasMessageContaining("--calls needs a whole number");
    assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--soak"}, Path.of(".")))
        .hasMessageContaining("unknown option --soak");
    assertThat(BenchCommand.interleave(List.of(List.of("a1", "a2", "a3"), List.of("b1"))))
        .containsExactly("a1", "b1", "a2", "a3");
    assertThat(BenchCommand.chartPath(Path.of("/tmp/r.json"))).isEqualTo(Path.of("/tmp/r.png"));
  }

  /** Every field issue 7 names, present and not null where the run measured something. */
  static void assertReportShape(JsonObject r) {
    for (String k : List.of("concurrent_calls", "calls_completed", "calls_failed", "playout_underruns",
        "cpu_percent", "rss_mb", "rss_mb_per_call")) {
      assertThat(r.getValue(k)).as(k).isInstanceOf(Number.class);
    }
    for (String k : List.of("p50", "p95", "p99")) {
      assertThat(r.getJsonObject("response_ms").getValue(k)).as("response_ms." + k).isInstanceOf(Number.class);
    }
    assertThat(r.getJsonObject("barge_in_stop_ms").containsKey("p50")).isTrue();
    assertThat(r.getJsonObject("barge_in_stop_ms").containsKey("p95")).isTrue();
    assertThat(r.getJsonObject("asr_lag_ms").containsKey("p95")).isTrue();
    assertThat(r.getJsonObject("capacity").containsKey("max_calls")).isTrue();
    assertThat(r.getJsonObject("capacity").getJsonObject("slo")).isNotNull();
  }

  private static JsonObject ev(long t, String type) {
    return new JsonObject().put("t_ms", t).put("type", type);
  }

  static LevelResult level(int n, Integer respP95, Integer bargeP95, long underruns, int failed, long blocked) {
    Distribution resp = respP95 == null ? Distribution.EMPTY
        : new Distribution(10, (long) respP95 - 100, (long) respP95, (long) respP95 + 50, (long) respP95 + 60);
    Distribution barge = bargeP95 == null ? Distribution.EMPTY
        : new Distribution(3, (long) bargeP95 - 20, (long) bargeP95, (long) bargeP95, (long) bargeP95);
    return new LevelResult(n, 30, 35_000, 10, 10, 10 - failed, failed == 0 ? Map.of() : Map.of("x: y", failed),
        blocked, resp, barge, new Distribution(10, 300L, 500L, 600L, 600L), underruns, 0, 60.0 * n, 500, 520,
        20.0 / n, 10, 10, Map.of("resolved", 10), new Distribution(5, 300L, 900L, 900L, 900L),
        new Distribution(5, 50L, 90L, 90L, 90L));
  }
}
