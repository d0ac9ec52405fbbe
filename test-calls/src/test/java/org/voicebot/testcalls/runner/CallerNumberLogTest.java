package org.voicebot.testcalls.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.sim.DialOptions;
import org.voicebot.testcalls.sim.SimulatedCall;

/**
 * Issue 17, item 6: the caller's number never reaches the log at INFO or above on either entry (it was logged
 * in full when a call arrived over ARI and over FastAGI); the last four digits are, so an admin can match a call.
 */
class CallerNumberLogTest {

  @Test
  void callerNumbersAreMaskedAtInfoOnBothEntries() throws Exception {
    List<String> info;
    try (Harness h = Harness.start(); LogCapture capture = new LogCapture()) {
      SimulatedCall ari = h.sim.dial(DialOptions.of("from-phones", "500").withCaller("+15550174321", "Privacy A"));
      SimulatedCall agi = h.sim.dial(DialOptions.of("from-phones", "501").withCaller("+15550178765", "Privacy B"));
      for (SimulatedCall c : List.of(ari, agi)) {
        c.mediaReady().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
      for (SimulatedCall c : List.of(ari, agi)) {
        c.hangup();
        c.ended().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
      info = capture.linesAtInfo();
    }
    for (String number : List.of("5550174321", "5550178765")) {
      assertThat(info).as("INFO lines with the caller's number").noneMatch(l -> l.contains(number));
    }
    assertThat(info).anyMatch(l -> l.contains("entered Stasis") && l.contains("*4321"));
    assertThat(info).anyMatch(l -> l.contains("FastAGI from") && l.contains("*8765"));
  }
}
