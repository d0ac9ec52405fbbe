package org.voicebot.testcalls.report;

import java.util.Locale;

/** The hand-given truth of a labelled scenario: its description starts with {@code [frustrated]} or {@code [calm]}. */
public enum Label {
  FRUSTRATED, CALM, UNLABELLED;

  public static Label of(String description) {
    String d = description == null ? "" : description.strip().toLowerCase(Locale.ROOT);
    if (d.startsWith("[frustrated]")) {
      return FRUSTRATED;
    }
    if (d.startsWith("[calm]")) {
      return CALM;
    }
    return UNLABELLED;
  }

  public String tag() {
    return this == UNLABELLED ? "?" : name().toLowerCase(Locale.ROOT);
  }
}
