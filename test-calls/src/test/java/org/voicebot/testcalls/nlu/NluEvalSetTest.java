package org.voicebot.testcalls.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebot.dialog.DialogDefinition;
import org.voicebot.dialog.DialogEngine;
import org.voicebot.dialog.FrustrationConfig;
import org.voicebot.dialog.nlu.NluEvaluation;
import org.voicebot.gateway.nlu.SentenceEmbeddings;
import org.voicebot.testcalls.cli.NluEvalCommand;

/**
 * The project's own evaluation sets (test-calls/nlu) are what the issue asks of them and stay apart from the dialog's
 * examples; the figures they give are printed and held as a floor (the dialog's understanding must not get worse).
 */
class NluEvalSetTest {

  static final Path EVAL = Path.of("nlu/utility-support-eval.tsv");
  static final Path DEV = Path.of("nlu/utility-support-dev.tsv");
  /** Today's figures on the evaluation set (82.3%, 66.2%) less a margin; issue 16 asks 95% and 90%. */
  static final double ACCURACY_FLOOR = 0.80;
  static final double REJECTION_FLOOR = 0.60;

  private static String normal(String s) {
    return s.toLowerCase().replaceAll("[^a-z0-9' ]", " ").replaceAll("\\s+", " ").strip();
  }

  private static List<NluEvaluation.Line> read(Path p) throws Exception {
    return NluEvaluation.parse(Files.readAllLines(p, StandardCharsets.UTF_8));
  }

  @Test
  void theEvaluationSetIsLargeAndCoversEveryIntent() throws Exception {
    List<NluEvaluation.Line> lines = read(EVAL);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(300);
    Map<String, Long> perLabel = lines.stream().collect(Collectors.groupingBy(NluEvaluation.Line::expected,
        Collectors.counting()));
    DialogDefinition def = DialogDefinition.builtIn("utility-support");
    for (String intent : def.intents().keySet()) {
      assertThat(perLabel.getOrDefault(intent, 0L)).as(intent).isGreaterThanOrEqualTo(20);
    }
    assertThat(perLabel.getOrDefault("-", 0L)).isGreaterThanOrEqualTo(40);
  }

  @Test
  void noEvaluationOrDevelopmentLineIsAnExampleOfTheDialog() throws Exception {
    DialogDefinition def = DialogDefinition.builtIn("utility-support");
    Set<String> examples = new HashSet<>();
    def.intents().values().forEach(i -> i.examples().forEach(e -> examples.add(normal(e))));
    def.commands().values().forEach(c -> c.phrases().forEach(e -> examples.add(normal(e))));
    def.outOfScope().forEach(e -> examples.add(normal(e)));
    Set<String> eval = new HashSet<>();
    for (NluEvaluation.Line l : read(EVAL)) {
      assertThat(examples).as("line %d of %s is an example of the dialog", l.line(), EVAL).doesNotContain(normal(l.utterance()));
      eval.add(normal(l.utterance()));
    }
    for (NluEvaluation.Line l : read(DEV)) {
      assertThat(examples).as("line %d of %s is an example of the dialog", l.line(), DEV).doesNotContain(normal(l.utterance()));
      assertThat(eval).as("line %d of %s is also in the evaluation set", l.line(), DEV).doesNotContain(normal(l.utterance()));
    }
  }

  @Test
  void theDialogUnderstandsTheEvaluationSetAtLeastAsWellAsToday() throws Exception {
    try (SentenceEmbeddings encoder = SentenceEmbeddings.loadBundled()) {
      DialogEngine engine = new DialogEngine(DialogDefinition.builtIn("utility-support"), FrustrationConfig.defaults(),
          encoder);
      NluEvaluation.Report r = NluEvaluation.run(engine, read(EVAL), System::nanoTime);
      double rejection = (double) r.rejected() / r.outOfDomain();
      System.out.printf("nlu-eval %s: accuracy %.1f%% (%d/%d), out of domain rejected %.1f%% (%d/%d), median %.1f ms%n",
          EVAL, 100 * r.accuracy(), r.correct(), r.n(), 100 * rejection, r.rejected(), r.outOfDomain(),
          r.msPerUtterance());
      assertThat(r.accuracy()).isGreaterThanOrEqualTo(ACCURACY_FLOOR);
      assertThat(rejection).isGreaterThanOrEqualTo(REJECTION_FLOOR);
    }
  }

  @Test
  void theCommandWritesTheJsonReportAndRefusesAMalformedFile(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("small.tsv");
    Files.writeString(tsv, "check_balance\thow much do i owe you guys\n-\twhat's the weather in paris\n");
    Path json = dir.resolve("out.json");
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = NluEvalCommand.run(new String[] {"--json", json.toString(), tsv.toString()});
    } finally {
      System.setOut(out);
    }
    assertThat(status).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("accuracy").contains("out of domain rejected");
    JsonObject report = new JsonObject(Files.readString(json));
    assertThat(report.getInteger("n")).isEqualTo(2);
    assertThat(report.fieldNames()).contains("correct", "accuracy", "out_of_domain", "ms_per_utterance", "confusions");
    assertThat(report.getJsonObject("out_of_domain").getInteger("n")).isEqualTo(1);

    Files.writeString(tsv, "check_balance\thow much\nno tab on this line\n");
    PrintStream err = System.err;
    ByteArrayOutputStream complaint = new ByteArrayOutputStream();
    System.setErr(new PrintStream(complaint, true, StandardCharsets.UTF_8));
    try {
      status = NluEvalCommand.run(new String[] {tsv.toString()});
    } finally {
      System.setErr(err);
    }
    assertThat(status).isEqualTo(2);
    assertThat(complaint.toString(StandardCharsets.UTF_8)).contains("small.tsv:2:");
  }
}
