package org.voicebot.dialog;

import java.util.List;

/**
 * What one dialog event produced: the next state and the actions, in the order the gateway must carry
 * them out (IntentRecognized, SlotFilled, FrustrationChanged first; then Say; then TransferCall or EndCall).
 */
public record Step(DialogState state, List<DialogAction> actions) {
  public Step {
    actions = List.copyOf(actions);
  }
}
