package org.voicebot.testcalls.scenario;

/** A malformed scenario file: the message names the file, the step and the key. */
public final class ScenarioException extends Exception {
  public ScenarioException(String message) {
    super(message);
  }
}
