package org.voicebot.dialog;

/**
 * What the bot's last prompt asked the caller for, as far as the end of the caller's turn goes: it tells
 * the gateway when a partial transcript already holds the whole answer.
 *
 * @param kind what kind of answer
 * @param minDigits for {@link Kind#DIGITS}: fewest digits the slot accepts (else 0)
 * @param maxDigits for {@link Kind#DIGITS}: most digits the slot accepts (else 0)
 */
public record ExpectedInput(Kind kind, int minDigits, int maxDigits) {

  /** The kinds of answer a prompt waits for. */
  public enum Kind {
    /** What the caller wants ("How can I help you?"). */
    REQUEST,
    /** A new request, or yes/no ("Is there anything else?"). */
    REQUEST_OR_YES_NO,
    /** Yes or no (a confirmation, a yes/no slot). */
    YES_NO,
    /** A spoken digit string of a known length range (an account number, a ZIP code). */
    DIGITS,
    /** Anything else (an amount, a date, free text, a keypad-only value, nothing asked): no early end. */
    OPEN
  }

  public static final ExpectedInput OPEN = new ExpectedInput(Kind.OPEN, 0, 0);

  public ExpectedInput {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    if (minDigits < 0 || maxDigits < minDigits) {
      throw new IllegalArgumentException("bad digit range " + minDigits + ".." + maxDigits);
    }
  }

  public static ExpectedInput of(Kind kind) {
    return new ExpectedInput(kind, 0, 0);
  }

  public static ExpectedInput digits(int min, int max) {
    return new ExpectedInput(Kind.DIGITS, min, max);
  }
}
