package org.voicebot.dialog;

import java.util.Locale;

/** How a call ended, as the scenario format's {@code outcome}. */
public enum CallOutcome {
  RESOLVED,
  TRANSFERRED,
  ABANDONED,
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
