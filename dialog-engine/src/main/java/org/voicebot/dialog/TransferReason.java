package org.voicebot.dialog;

import java.util.Locale;

/** Why a call goes to a person; the values of the scenario format's {@code transfer.reason}. */
public enum TransferReason {
  CALLER_REQUEST,
  FRUSTRATION,
  REPEATED_FAILURE,
  SENSITIVE_TOPIC,
  SYSTEM_ERROR,
  POLICY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
