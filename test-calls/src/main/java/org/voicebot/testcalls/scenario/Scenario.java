package org.voicebot.testcalls.scenario;

import java.nio.file.Path;
import java.util.List;

/** One scripted phone call (test-call scenario format v1). */
public record Scenario(Path file, String name, String description, Entry entry, String callerId, String language,
    int timeoutS, List<ScenarioStep> steps) {

  /** How the call reaches the gateway. */
  public enum Entry { ARI, AGI }
}
