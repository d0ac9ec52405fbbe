package org.voicebot.dialog.slot;

import java.util.Locale;

/** The kinds of value a slot can hold. */
public enum SlotType {
  /** A digit string with a length range, spoken ("four oh oh one") or keyed (ending with #). */
  DIGITS(true),
  /** A US ZIP code: five digits (or nine for ZIP+4), spoken or keyed. */
  POSTAL_CODE(true),
  /** A phone number: ten or eleven digits by default, spoken or keyed. */
  PHONE(true),
  /** Yes or no, by voice or keypad (1 yes, 2 no). */
  YES_NO(true),
  /** A money amount in dollars and cents ("forty-five dollars", "$45.50"; keypad 45*50). Value "45.50". */
  MONEY(true),
  /** A calendar date ("next Tuesday", "December third"; keypad MMDD). Value ISO "2026-12-01". */
  DATE(true),
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
