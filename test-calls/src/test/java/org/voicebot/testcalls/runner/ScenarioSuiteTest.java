package org.voicebot.testcalls.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioParser;

/**
 * The whole product, call by call: every scenario in test-calls/scenarios runs through the Asterisk
 * simulator (ARI + AudioSocket) against an in-process gateway with real MaryTTS and Sphinx4.
 */
class ScenarioSuiteTest {

  private static Harness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = Harness.start();
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void everyScenarioPasses() throws Exception {
    Path dir = Path.of("scenarios");
    assertThat(Files.isDirectory(dir)).as("run from the test-calls module folder").isTrue();
    List<Scenario> scenarios = new ArrayList<>();
    for (Path f : ScenarioParser.find(List.of(dir))) {
      scenarios.add(ScenarioParser.parse(f));
    }
    assertThat(scenarios).hasSizeGreaterThanOrEqualTo(3);
    ScenarioRunner runner = new ScenarioRunner(harness.vertx, harness.sim, harness.callLog(),
        harness.gateway.synthesizer(), harness.gateway.appName());
    List<String> failures = new ArrayList<>();
    for (ScenarioResult r : runner.runAll(scenarios, 1, r -> System.out.println(
        (r.passed() ? "PASS " : "FAIL ") + r.name() + (r.passed() ? "" : "  " + r.failures().get(0))))) {
      if (!r.passed()) {
        failures.add(r.name() + ": " + r.failures().get(0) + "\n    events: " + r.events());
      }
    }
    assertThat(failures).as("failed scenarios").isEmpty();
    // No externalMedia channel or bridge may be left behind in "Asterisk" after the calls.
    Thread.sleep(500);
    assertThat(harness.sim.liveExternalMediaChannels()).isEmpty();
    assertThat(harness.sim.liveBridges()).isEmpty();
  }
}
