package org.voicebot.testcalls.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogDefinitionException;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.nlu.NluEvaluation;
import org.voicebot.gateway.nlu.SentenceEmbeddings;

/**
 * {@code ./voicebot nlu-eval [--dialog FILE] [--json OUT] [--errors] FILE.tsv}: how well the dialog understands a
 * labelled set ({@code expected<TAB>utterance}, expected an intent or {@code -} for out of domain). Prints accuracy,
 * per-intent precision and recall, the top confusions, out-of-domain rejection and the median time per utterance.
 * Exit 0 whatever the figures; 2 on a malformed file (with the line number) or bad arguments.
 */
public final class NluEvalCommand {

  private NluEvalCommand() {}

  public static int run(String[] args) {
    Path dialogFile = null;
    Path json = null;
    Path tsv = null;
    boolean errors = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dialog" -> dialogFile = i + 1 < args.length ? Path.of(args[++i]) : null;
        case "--json" -> json = i + 1 < args.length ? Path.of(args[++i]) : null;
        case "--errors" -> errors = true;
        default -> {
          if (args[i].startsWith("--") || tsv != null) {
            return usage("unknown argument " + args[i]);
          }
          tsv = Path.of(args[i]);
        }
      }
    }
    if (tsv == null) {
      return usage("no FILE.tsv given");
    }
    List<NluEvaluation.Line> lines;
    try {
      lines = NluEvaluation.parse(Files.readAllLines(tsv, StandardCharsets.UTF_8));
    } catch (NluEvaluation.FormatException e) {
      System.err.println("nlu-eval: " + tsv + ":" + e.line() + ": " + e.getMessage().replaceFirst("^line \\d+: ", ""));
      return 2;
    } catch (IOException e) {
      System.err.println("nlu-eval: cannot read " + tsv + ": " + e.getMessage());
      return 2;
    }
    DialogDefinition def;
    try {
      def = dialogFile == null ? DialogDefinition.builtIn("utility-support") : DialogDefinition.load(dialogFile);
    } catch (DialogDefinitionException e) {
      System.err.println("nlu-eval: " + e.getMessage());
      return 2;
    }
    try (SentenceEmbeddings encoder = SentenceEmbeddings.loadBundled()) {
      DialogEngine engine = new DialogEngine(def, FrustrationConfig.defaults(), encoder);
      Map<String, Integer> unknown = NluEvaluation.unknownLabels(engine, lines);
      if (!unknown.isEmpty()) {
        Map.Entry<String, Integer> first = unknown.entrySet().iterator().next();
        System.err.println("nlu-eval: " + tsv + ":" + first.getValue() + ": '" + first.getKey()
            + "' is not an intent or command of dialog " + def.name());
        return 2;
      }
      NluEvaluation.Report r = NluEvaluation.run(engine, lines, System::nanoTime);
      print(r, def.name(), tsv, errors);
      if (json != null) {
        Files.writeString(json, toJson(r).encodePrettily(), StandardCharsets.UTF_8);
      }
      return 0;
    } catch (IOException e) {
      System.err.println("nlu-eval: cannot write " + json + ": " + e.getMessage());
      return 2;
    }
  }

  private static void print(NluEvaluation.Report r, String dialog, Path tsv, boolean errors) {
    System.out.printf(Locale.ROOT, "dialog %s, %s: %d utterances%n", dialog, tsv, r.n());
    System.out.printf(Locale.ROOT, "accuracy %.1f%% (%d of %d)%n", 100 * r.accuracy(), r.correct(), r.n());
    System.out.printf(Locale.ROOT, "out of domain rejected %.1f%% (%d of %d)%n",
        r.outOfDomain() == 0 ? 0 : 100.0 * r.rejected() / r.outOfDomain(), r.rejected(), r.outOfDomain());
    System.out.printf(Locale.ROOT, "median %.1f ms per utterance%n", r.msPerUtterance());
    long act = r.outcomes().stream().filter(o -> o.decision().equals("act")).count();
    long confirm = r.outcomes().stream().filter(o -> o.decision().equals("confirm")).count();
    long clarify = r.outcomes().stream().filter(o -> o.decision().equals("clarify")).count();
    System.out.printf(Locale.ROOT, "decisions: act %d, confirm (did you want...?) %d, clarify (...or...?) %d,"
        + " no-match %d%n", act, confirm, clarify, r.n() - act - confirm - clarify);
    System.out.println();
    System.out.printf(Locale.ROOT, "%-16s %7s %9s %7s%n", "intent", "support", "precision", "recall");
    for (NluEvaluation.PerIntent p : r.perIntent()) {
      System.out.printf(Locale.ROOT, "%-16s %7d %9.2f %7.2f%n", p.intent(), p.support(), p.precision(), p.recall());
    }
    System.out.println();
    System.out.println("top confusions (expected -> got):");
    r.confusions().stream().limit(10).forEach(c ->
        System.out.printf(Locale.ROOT, "  %3d  %s -> %s%n", c.count(), c.expected(), c.got()));
    if (errors) {
      System.out.println();
      r.outcomes().stream().filter(o -> !o.correct()).forEach(o -> System.out.printf(Locale.ROOT,
          "  line %d: %s -> %s (%s %.2f; %s): %s%n", o.line().line(), o.line().expected(), o.got(), o.decision(),
          o.confidence(), o.evidence(), o.line().utterance()));
    }
  }

  static JsonObject toJson(NluEvaluation.Report r) {
    JsonArray confusions = new JsonArray();
    r.confusions().forEach(c -> confusions.add(new JsonObject().put("expected", c.expected()).put("got", c.got())
        .put("count", c.count())));
    JsonObject per = new JsonObject();
    r.perIntent().forEach(p -> per.put(p.intent(), new JsonObject().put("support", p.support())
        .put("precision", p.precision()).put("recall", p.recall())));
    return new JsonObject().put("n", r.n()).put("correct", r.correct()).put("accuracy", r.accuracy())
        .put("out_of_domain", new JsonObject().put("n", r.outOfDomain()).put("rejected", r.rejected()))
        .put("ms_per_utterance", r.msPerUtterance()).put("per_intent", per).put("confusions", confusions);
  }

  private static int usage(String why) {
    System.err.println("nlu-eval: " + why);
    System.err.println("usage: voicebot nlu-eval [--dialog FILE] [--json OUT] [--errors] FILE.tsv");
    return 2;
  }
}
