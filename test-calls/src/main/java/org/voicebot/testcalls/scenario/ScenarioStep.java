package org.voicebot.testcalls.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One step of a scenario: something the caller does, or something the bot must have done. */
public sealed interface ScenarioStep {

  /** 1-based position in the file, for messages. */
  int index();

  /** How a caller's speech is delivered. */
  record Speech(double gainDb, boolean bargeIn, int afterMs) {}

  record Say(int index, String text, Speech speech) implements ScenarioStep {}

  record PlayAudio(int index, Path file, Speech speech) implements ScenarioStep {}

  record Dtmf(int index, String digits, boolean waitForTurn) implements ScenarioStep {}

  record Silence(int index, double seconds) implements ScenarioStep {}

  record Hangup(int index) implements ScenarioStep {}

  /** Conditions that must all hold within {@code withinS}. */
  record Expect(int index, double withinS, Expectations conditions) implements ScenarioStep {}

  /** The keys of an {@code expect} map; null/empty means "not asked". */
  record Expectations(
      String botSays,
      Boolean botResponds,
      String intent,
      Map<String, String> slot,
      Map<String, String> transfer,
      List<String> summaryContains,
      List<String> summaryContainsAny,
      List<String> summaryExcludes,
      List<String> eventsExclude,
      Double frustrationAbove,
      Double frustrationBelow,
      Boolean noTransfer,
      String outcome,
      Integer maxResponseMs,
      Integer playbackStoppedWithinMs) {

    /** Conditions that can only be judged once the call is over. */
    public boolean atEndOfCall() {
      return Boolean.TRUE.equals(noTransfer) || outcome != null;
    }
  }
}
