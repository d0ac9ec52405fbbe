package org.voicebot.dialog;

import java.util.ArrayList;
import java.util.List;
import org.voicebot.dialog.DialogAction.Say;
import org.voicebot.dialog.DialogAction.TransferCall;

/** A scripted call against the engine: feed events, keep every action. */
final class Calls {

  final DialogEngine engine;
  DialogState state;
  final List<DialogAction> all = new ArrayList<>();
  List<DialogAction> last = List.of();

  Calls(DialogEngine engine, String callerId) {
    this.engine = engine;
    this.state = engine.start("call-1", callerId);
  }

  static DialogEngine utilityEngine() {
    return utilityEngine(FrustrationConfig.defaults());
  }

  static DialogEngine utilityEngine(FrustrationConfig config) {
    try {
      return new DialogEngine(DialogDefinition.builtIn("utility-support"), config, Encoders.bundled());
    } catch (DialogDefinitionException e) {
      throw new AssertionError(e);
    }
  }

  List<DialogAction> send(DialogInput input) {
    Step step = engine.handle(state, input);
    state = step.state();
    last = step.actions();
    all.addAll(last);
    return last;
  }

  List<DialogAction> start() {
    return send(new DialogInput.CallStarted(state.callerId()));
  }

  List<DialogAction> say(String text) {
    return send(new DialogInput.CallerSaid(text, 0.9, UtteranceFeatures.NONE));
  }

  List<DialogAction> say(String text, double rmsDbfs) {
    return send(new DialogInput.CallerSaid(text, 0.9, new UtteranceFeatures(rmsDbfs, rmsDbfs + 10, 180, 60, 1500, 2.5)));
  }

  List<DialogAction> keys(String digits) {
    List<DialogAction> out = new ArrayList<>();
    for (char c : digits.toCharArray()) {
      out.addAll(send(new DialogInput.KeyPressed(c)));
    }
    last = out;
    return out;
  }

  static String spoken(List<DialogAction> actions) {
    StringBuilder sb = new StringBuilder();
    for (DialogAction a : actions) {
      if (a instanceof Say s) {
        sb.append(s.text()).append(' ');
      }
    }
    return sb.toString().strip();
  }

  TransferCall transfer() {
    return all.stream().filter(a -> a instanceof TransferCall).map(a -> (TransferCall) a).findFirst().orElse(null);
  }
}
