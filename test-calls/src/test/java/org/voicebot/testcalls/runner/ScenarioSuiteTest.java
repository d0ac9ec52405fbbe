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
    // Test calls spend most of their time in real-time audio, so a few at once fit on two cores; the
    // scenarios' own timing expectations still hold (measured: 3 at once on this 2-core machine).
    int concurrency = Integer.getInteger("voicebot.scenarioConcurrency", 3);
    for (ScenarioResult r : runner.runAll(scenarios, concurrency, r -> System.out.println(
        (r.passed() ? "PASS " : "FAIL ") + r.name() + (r.passed() ? "" : "  " + r.failures().get(0))))) {
      if (!r.passed()) {
        failures.add(r.name() + ": " + r.failures().get(0) + "\n    events: " + r.events());
      }
    }
    assertThat(failures).as("failed scenarios").isEmpty();
    // No externalMedia channel or bridge may be left behind in "Asterisk" after the calls.
    assertNoLeaks();
  }

  /**
   * A card number keyed at the payment prompt reaches the backend and nowhere else: not in any event
   * (not even digit by digit), log line at DEBUG, summary or metric.
   */
  @Test
  void aKeyedCardNumberAppearsInNoEventLogSummaryOrMetric() throws Exception {
    String card = "4111111111111111";
    String declined = "4000000000000002";
    List<Scenario> pay = List.of(ScenarioParser.parse(Path.of("scenarios/intents/pay-bill.yaml")),
        ScenarioParser.parse(Path.of("scenarios/intents/pay-bill-declined.yaml")));
    ScenarioRunner runner = new ScenarioRunner(harness.vertx, harness.sim, harness.callLog(),
        harness.gateway.synthesizer(), harness.gateway.appName());
    List<ScenarioResult> results;
    List<String> logs;
    try (LogCapture capture = new LogCapture()) {
      results = runner.runAll(pay, 1, r -> { });
      logs = capture.lines();
    }
    assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.name() + " " + r.failures()).isTrue());
    assertThat(harness.backend.requests()).as("the backend really took the payments").isGreaterThanOrEqualTo(2);
    assertThat(logs).isNotEmpty();

    StringBuilder everything = new StringBuilder();
    StringBuilder keys = new StringBuilder();
    for (ScenarioResult r : results) {
      for (var e : r.events()) {
        everything.append(e.encode()).append('\n');
        if ("dtmf".equals(e.getString("type"))) {
          keys.append(e.getString("digit"));
        }
      }
      harness.gateway.summaries().json(r.callId()).ifPresent(j -> everything.append(j.encode()));
    }
    logs.forEach(l -> everything.append(l).append('\n'));
    java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + harness.gateway.httpPort()
            + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    everything.append(metrics.body());

    String all = everything.toString();
    String spaced = String.join(" ", card.split(""));
    for (String secret : List.of(card, declined, spaced, "4111 1111 1111 1111", "4111-1111")) {
      assertThat(all).as("searching for " + secret).doesNotContain(secret);
    }
    assertThat(keys.toString()).as("keys pressed, in order").doesNotContain("41111111").doesNotContain("40000000");
  }

  private static void assertNoLeaks() throws InterruptedException {
    Thread.sleep(500);
    assertThat(harness.sim.liveExternalMediaChannels()).isEmpty();
    assertThat(harness.sim.liveBridges()).isEmpty();
  }
}
