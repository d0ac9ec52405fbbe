package org.voicebot.testcalls.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Precision and recall of the bot's escalation against the labels of a scenario set. A call counts as
 * "escalated for frustration" when it was transferred with reason {@code frustration} or
 * {@code caller_request} (a caller asking for a person is the plainest sign); transfers for other reasons
 * (a sensitive topic, repeated failure, a system error, policy) do not count either way.
 */
public record EscalationReport(List<Row> rows, int truePositives, int falsePositives, int falseNegatives,
    int trueNegatives, OptionalDouble precision, OptionalDouble recall, OptionalDouble meanEscalationTurn) {

  /** Transfer reasons that count as "escalated because of the caller's frustration". */
  public static final Set<String> FRUSTRATION_REASONS = Set.of("frustration", "caller_request");

  /** One scenario's line of the table. */
  public record Row(String name, Label label, boolean passed, CallTurns.Escalation escalation) {
    public boolean escalatedForFrustration() {
      return escalation.escalated() && FRUSTRATION_REASONS.contains(escalation.reason());
    }

    /** Turns from the first cue of the caller's own to the transfer, or null when either is missing. */
    public Integer lag() {
      Integer at = escalation.escalationTurn();
      Integer cue = escalation.firstCueTurn();
      return at == null || cue == null ? null : at - cue;
    }
  }

  public static EscalationReport of(List<LabelledCall> calls) {
    List<Row> rows = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    double turnSum = 0;
    int turnCount = 0;
    for (LabelledCall c : calls) {
      Row r = new Row(c.name(), c.label(), c.passed(), CallTurns.of(c.events()));
      rows.add(r);
      boolean positive = r.escalatedForFrustration();
      if (c.label() == Label.FRUSTRATED) {
        if (positive) {
          tp++;
          turnSum += r.escalation().escalationTurn();
          turnCount++;
        } else {
          fn++;
        }
      } else if (c.label() == Label.CALM) {
        if (positive) {
          fp++;
        } else {
          tn++;
        }
      }
    }
    return new EscalationReport(List.copyOf(rows), tp, fp, fn, tn, ratio(tp, tp + fp), ratio(tp, tp + fn),
        turnCount == 0 ? OptionalDouble.empty() : OptionalDouble.of(turnSum / turnCount));
  }

  private static OptionalDouble ratio(int num, int den) {
    return den == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) num / den);
  }

  /** The table and the figures, as printed by {@code voicebot frustration-report}. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    int w = Math.max(8, rows.stream().mapToInt(r -> r.name().length()).max().orElse(8));
    String fmt = "%-" + w + "s  %-10s  %-9s  %-16s  %4s  %4s  %5s  %s%n";
    sb.append(String.format(Locale.ROOT, fmt, "scenario", "label", "escalated", "reason", "turn", "cue", "turns",
        "test"));
    for (Row r : rows) {
      CallTurns.Escalation e = r.escalation();
      sb.append(String.format(Locale.ROOT, fmt, r.name(), r.label().tag(), e.escalated() ? "yes" : "no",
          e.escalated() ? e.reason() : "-", dash(e.escalationTurn()), dash(e.firstCueTurn()), e.callerTurns(),
          r.passed() ? "pass" : "FAIL"));
    }
    sb.append('\n');
    sb.append("""
        turn  = the caller turn at which the bot transferred: caller turns are counted in the call's events up to
                the transfer event, one per utterance (caller_speech_started: a say or audio step) and one per
                keypad entry (dtmf events less than 1 s apart: a dtmf step); 0 = before the caller did anything.
        cue   = the caller turn of the first frustration event with a cue of the caller's own (anything but
                "not understood" and "no answer": louder, swearing, "already told you", asking for a person, 0...).
        turns = caller turns in the whole call; test = the scenario's own expectations.
        Positive = transferred with reason frustration or caller_request; other reasons (sensitive_topic,
        repeated_failure, system_error, policy) count as not escalated for frustration.
        """);
    sb.append(String.format(Locale.ROOT, "frustrated: %d, calm: %d, unlabelled (not counted): %d%n",
        count(Label.FRUSTRATED), count(Label.CALM), count(Label.UNLABELLED)));
    sb.append(String.format(Locale.ROOT, "true positives %d, false positives %d, false negatives %d, true negatives %d%n",
        truePositives, falsePositives, falseNegatives, trueNegatives));
    sb.append(String.format(Locale.ROOT, "precision %s (%d/%d)%n", pct(precision, "no call escalated for frustration"), truePositives,
        truePositives + falsePositives));
    sb.append(String.format(Locale.ROOT, "recall    %s (%d/%d)%n", pct(recall, "no frustrated call"), truePositives,
        truePositives + falseNegatives));
    sb.append(String.format(Locale.ROOT, "mean escalation turn of the frustrated calls escalated for frustration: %s%n",
        meanEscalationTurn.isPresent() ? String.format(Locale.ROOT, "%.2f", meanEscalationTurn.getAsDouble()) : "n/a"));
    long late = rows.stream().filter(r -> r.label() == Label.FRUSTRATED && r.escalatedForFrustration()
        && r.lag() != null && r.lag() > 1).count();
    sb.append(String.format(Locale.ROOT, "frustrated calls escalated more than one turn after the first cue: %d%n", late));
    return sb.toString();
  }

  private long count(Label l) {
    return rows.stream().filter(r -> r.label() == l).count();
  }

  private static String dash(Integer v) {
    return v == null ? "-" : v.toString();
  }

  private static String pct(OptionalDouble v, String whyNot) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "n/a (" + whyNot + ")";
  }
}
