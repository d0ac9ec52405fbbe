package org.voicebot.gateway.call;

/** Caller numbers as logs may show them. */
public final class CallerIds {

  private CallerIds() {}

  /** The last four digits only: enough for an admin to match a log line, not to call the number. */
  public static String masked(String number) {
    String n = number == null ? "" : number;
    return n.length() <= 4 ? "****" : "*".repeat(Math.min(8, n.length() - 4)) + n.substring(n.length() - 4);
  }
}
