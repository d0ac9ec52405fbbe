package org.voicebot.dialog.slot;

import java.util.Objects;

/**
 * One piece of information an intent needs before it can be fulfilled.
 *
 * @param name slot name, e.g. {@code account_number}
 * @param type what kind of value
 * @param minLength for digit types: fewest digits accepted
 * @param maxLength for digit types: most digits accepted
 * @param prompt what the bot asks
 * @param reprompt what the bot asks after a value it could not use
 * @param spokenName how the summary names it ("account number")
 * @param sensitive true when the value must never appear in events or summaries (it is redacted to "[redacted]")
 * @param keypadOnly true when the value must be keyed in, never spoken (a card number)
 */
public record SlotSpec(String name, SlotType type, int minLength, int maxLength, String prompt, String reprompt,
    String spokenName, boolean sensitive, boolean keypadOnly) {

  public SlotSpec(String name, SlotType type, int minLength, int maxLength, String prompt, String reprompt,
      String spokenName, boolean sensitive) {
    this(name, type, minLength, maxLength, prompt, reprompt, spokenName, sensitive, false);
  }

  public SlotSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(reprompt, "reprompt");
    Objects.requireNonNull(spokenName, "spokenName");
    if (minLength < 0 || maxLength < minLength) {
      throw new IllegalArgumentException("bad length range " + minLength + ".." + maxLength);
    }
  }

  /** The length range a type implies when the dialog file gives none. */
  public static int[] defaultLengths(SlotType type) {
    switch (type) {
      case POSTAL_CODE:
        return new int[] {5, 9};
      case PHONE:
        return new int[] {10, 11};
      case DIGITS:
        return new int[] {1, 20};
      default:
        return new int[] {0, 0};
    }
  }
}
