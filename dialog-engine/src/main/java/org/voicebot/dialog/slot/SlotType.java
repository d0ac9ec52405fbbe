package org.voicebot.dialog.slot;

import java.util.Locale;

/** The kinds of value a slot can hold. Money and dates are planned (issue 5) but not implemented yet. */
public enum SlotType {
  /** A digit string with a length range, spoken ("four oh oh one") or keyed (ending with #). */
  DIGITS(true),
  /** A US ZIP code: five digits (or nine for ZIP+4), spoken or keyed. */
  POSTAL_CODE(true),
  /** A phone number: ten or eleven digits by default, spoken or keyed. */
  PHONE(true),
  /** Yes or no, by voice or keypad (1 yes, 2 no). */
  YES_NO(true),
  /** Whatever the caller says, redacted. */
  TEXT(false);

  private final boolean keypad;

  SlotType(boolean keypad) {
    this.keypad = keypad;
  }

  public boolean acceptsKeypad() {
    return keypad;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean digitString() {
    return this == DIGITS || this == POSTAL_CODE || this == PHONE;
  }
}
