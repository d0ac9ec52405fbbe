package org.voicebot.testcalls.handoff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.TransferReason;

/** Does a transcribed briefing name an intent and a transfer reason? Words, not the exact sentence. */
final class BriefingCheck {

  /**
   * Words each reason's sentence in HandoffSummaryBuilder must bring across ("They asked for a person" was heard
   * as "they hand our a person": "person" carries it).
   */
  static final Map<TransferReason, List<String>> REASON_WORDS = Map.of(
      TransferReason.CALLER_REQUEST, List.of("person"),
      TransferReason.FRUSTRATION, List.of("frustrated"),
      TransferReason.REPEATED_FAILURE, List.of("understand"),
      TransferReason.SENSITIVE_TOPIC, List.of("sensitive"),
      TransferReason.SYSTEM_ERROR, List.of("system", "error"),
      TransferReason.POLICY, List.of("finish"));

  private static final Set<String> TEMPLATE = Set.copyOf(SummaryTranscriber.words(SummaryTranscriber.TEMPLATE_WORDS));
  private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "or", "of", "to", "your", "in", "and");

  private BriefingCheck() {}

  /** The words of the intent's topic that no template sentence says: what identifies the intent. */
  static List<String> intentWords(DialogDefinition dialog, String intent) {
    List<String> out = new ArrayList<>();
    for (String w : SummaryTranscriber.words(dialog.intent(intent).topic())) {
      if (!TEMPLATE.contains(w) && !FUNCTION_WORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** At least half of the intent's identifying words (at least one) and every word of the reason are heard. */
  static boolean names(String transcript, DialogDefinition dialog, String intent, TransferReason reason) {
    List<String> heard = SummaryTranscriber.words(transcript);
    List<String> topic = intentWords(dialog, intent);
    long found = topic.stream().filter(heard::contains).count();
    return found >= Math.max(1, (topic.size() + 1) / 2) && heard.containsAll(REASON_WORDS.get(reason));
  }
}
