package org.voicebot.dialog;

import java.util.Optional;
import org.voicebot.dialog.DialogDefinition.CommandKind;
import org.voicebot.dialog.nlu.IntentClassifier;
import org.voicebot.dialog.nlu.IntentMatch;
import org.voicebot.dialog.nlu.SpokenNumbers;
import org.voicebot.dialog.slot.SlotExtractor;

/**
 * Judges a partial transcript against what the prompt expects ({@link ExpectedInput}), with the same
 * thresholds the dialog applies to a final transcript, so "complete" means the dialog would act on it.
 * Pure: no state, no clock.
 */
final class EndOfTurn {

  private EndOfTurn() {}

  /**
   * @param match the classifier's verdict on {@code partial}
   */
  static TurnCompletion judge(DialogDefinition def, ExpectedInput expected, String partial, IntentMatch match) {
    String text = partial == null ? "" : partial.strip();
    if (text.isEmpty() || expected.kind() == ExpectedInput.Kind.OPEN) {
      return TurnCompletion.OPEN;
    }
    DialogDefinition.Understanding u = def.understanding();
    if (match.is(def.commandIntent(CommandKind.AGENT)) && match.confidence() >= u.confirmBelow()) {
      return TurnCompletion.COMPLETE; // a request for a person ends the turn whatever was asked
    }
    String digits = SpokenNumbers.allDigits(text);
    switch (expected.kind()) {
      case DIGITS: {
        int n = digits.length();
        if (n >= expected.maxDigits() || (n >= expected.minDigits() && expected.minDigits() == expected.maxDigits())) {
          return n > 0 ? TurnCompletion.COMPLETE : TurnCompletion.OPEN;
        }
        return n > 0 && n < expected.minDigits() ? TurnCompletion.INCOMPLETE_DIGITS : TurnCompletion.OPEN;
      }
      case YES_NO:
        return yesNo(text).isPresent() ? TurnCompletion.COMPLETE : TurnCompletion.OPEN;
      case REQUEST_OR_YES_NO:
        if (yesNo(text).isPresent()) {
          return TurnCompletion.COMPLETE;
        }
        return confidentRequest(def, match, digits) ? TurnCompletion.COMPLETE : TurnCompletion.OPEN;
      case REQUEST:
        return confidentRequest(def, match, digits) ? TurnCompletion.COMPLETE : TurnCompletion.OPEN;
      default:
        return TurnCompletion.OPEN;
    }
  }

  /** Only a short yes or no ("yes", "no thanks"): "no I also wanted..." may go on. */
  private static Optional<String> yesNo(String text) {
    return text.split("\\s+").length <= 2 ? SlotExtractor.yesNo(text) : Optional.empty();
  }

  /**
   * A business intent the dialog would act on without asking back. Not when the words hold digits: the
   * caller may be giving the account number with the request ("pay my bill, account four oh...").
   */
  private static boolean confidentRequest(DialogDefinition def, IntentMatch m, String digits) {
    if (!digits.isEmpty() || m.intent() == null || !def.intents().containsKey(m.intent())) {
      return false;
    }
    DialogDefinition.Understanding u = def.understanding();
    if (m.confidence() < u.confirmBelow()) {
      return false;
    }
    boolean rivalIsBusiness = m.runnerUp() != null && def.intents().containsKey(m.runnerUp());
    return !rivalIsBusiness || m.margin() >= u.ambiguityMargin() || m.confidence() >= IntentClassifier.KEYWORD_CONFIDENCE;
  }
}
