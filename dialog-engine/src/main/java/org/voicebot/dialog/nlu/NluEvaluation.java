package org.voicebot.dialog.nlu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.voicebot.dialog.DialogEngine;

/**
 * How well the dialog understands a labelled set of utterances, as it would at its greeting: each line's expected
 * intent (or {@code -}, out of domain) against the intent the dialog would act on or ask about (nothing below
 * {@code reject_below}). Pure: the caller supplies the clock for the time per utterance.
 */
public final class NluEvaluation {

  /** The label of an utterance that asks for nothing this dialog handles. */
  public static final String NO_INTENT = "-";

  /** One labelled utterance; {@code line} is its line number in the file. */
  public record Line(int line, String expected, String utterance) {}

  /** A malformed file: the line number and what is wrong. */
  public static final class FormatException extends Exception {
    private final int line;

    public FormatException(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /**
   * What the dialog made of one utterance: the intent it would act on or ask about ({@link #NO_INTENT} for a
   * no-match), its confidence, and whether it would act, ask "Did you want to...?" or ask which of two.
   */
  public record Outcome(Line line, String got, double confidence, String decision, String evidence, long nanos) {
    public boolean correct() {
      return line.expected().equals(got);
    }
  }

  public record Confusion(String expected, String got, int count) {}

  public record PerIntent(String intent, int support, int predicted, int correct) {
    public double precision() {
      return predicted == 0 ? 0 : (double) correct / predicted;
    }

    public double recall() {
      return support == 0 ? 0 : (double) correct / support;
    }
  }

  public record Report(List<Outcome> outcomes, List<PerIntent> perIntent, List<Confusion> confusions) {
    public int n() {
      return outcomes.size();
    }

    public int correct() {
      return (int) outcomes.stream().filter(Outcome::correct).count();
    }

    public double accuracy() {
      return n() == 0 ? 0 : (double) correct() / n();
    }

    public int outOfDomain() {
      return (int) outcomes.stream().filter(o -> o.line().expected().equals(NO_INTENT)).count();
    }

    public int rejected() {
      return (int) outcomes.stream().filter(o -> o.line().expected().equals(NO_INTENT) && o.correct()).count();
    }

    /** Median milliseconds per utterance. */
    public double msPerUtterance() {
      long[] ns = outcomes.stream().mapToLong(Outcome::nanos).sorted().toArray();
      if (ns.length == 0) {
        return 0;
      }
      return (ns.length % 2 == 1 ? ns[ns.length / 2] : (ns[ns.length / 2 - 1] + ns[ns.length / 2]) / 2.0) / 1e6;
    }
  }

  private NluEvaluation() {}

  /** Reads {@code expected<TAB>utterance} lines; blank lines and lines starting with # are skipped. */
  public static List<Line> parse(List<String> fileLines) throws FormatException {
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < fileLines.size(); i++) {
      String raw = fileLines.get(i);
      if (raw.isBlank() || raw.startsWith("#")) {
        continue;
      }
      int tab = raw.indexOf('\t');
      if (tab < 0) {
        throw new FormatException(i + 1, "expected 'intent<TAB>utterance', found no tab");
      }
      String expected = raw.substring(0, tab).strip();
      String utterance = raw.substring(tab + 1).strip();
      if (utterance.indexOf('\t') >= 0) {
        throw new FormatException(i + 1, "more than one tab");
      }
      if (expected.isEmpty() || !(expected.equals(NO_INTENT) || expected.matches("[a-z0-9_]+"))) {
        throw new FormatException(i + 1, "the expected intent '" + expected + "' is not an intent name or -");
      }
      if (utterance.isEmpty()) {
        throw new FormatException(i + 1, "no utterance");
      }
      out.add(new Line(i + 1, expected, utterance));
    }
    if (out.isEmpty()) {
      throw new FormatException(fileLines.size(), "no labelled utterance in the file");
    }
    return out;
  }

  /** Labels that name neither an intent nor a command of {@code engine}'s dialog, with their first line. */
  public static Map<String, Integer> unknownLabels(DialogEngine engine, List<Line> lines) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Line l : lines) {
      String e = l.expected();
      boolean known = e.equals(NO_INTENT) || engine.definition().intents().containsKey(e)
          || engine.definition().commands().values().stream().anyMatch(c -> c.intent().equals(e));
      if (!known) {
        out.putIfAbsent(e, l.line());
      }
    }
    return out;
  }

  /** Runs every line through the dialog's recognizer at its greeting. */
  public static Report run(DialogEngine engine, List<Line> lines, LongSupplier nanoTime) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Line l : lines) {
      long t0 = nanoTime.getAsLong();
      IntentMatch m = engine.recognizer().recognize(l.utterance());
      long ns = nanoTime.getAsLong() - t0;
      String decision = engine.decision(m);
      String got = decision.equals("no-match") ? NO_INTENT : m.intent();
      outcomes.add(new Outcome(l, got, m.confidence(), decision, m.evidence(), ns));
    }
    Map<String, int[]> per = new TreeMap<>();
    Map<List<String>, Integer> confusions = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      per.computeIfAbsent(o.line().expected(), k -> new int[3])[0]++;
      per.computeIfAbsent(o.got(), k -> new int[3])[1]++;
      if (o.correct()) {
        per.get(o.got())[2]++;
      } else {
        confusions.merge(List.of(o.line().expected(), o.got()), 1, Integer::sum);
      }
    }
    List<PerIntent> perIntent = new ArrayList<>();
    per.forEach((k, v) -> perIntent.add(new PerIntent(k, v[0], v[1], v[2])));
    List<Confusion> conf = new ArrayList<>();
    confusions.forEach((k, v) -> conf.add(new Confusion(k.get(0), k.get(1), v)));
    conf.sort(Comparator.comparingInt(Confusion::count).reversed());
    return new Report(outcomes, perIntent, conf);
  }
}
