package org.voicebot.testcalls.report;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.runner.ScenarioResult;
import org.voicebot.testcalls.runner.ScenarioRunner;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioException;
import org.voicebot.testcalls.scenario.ScenarioParser;

/**
 * {@code voicebot frustration-report [--json REPORT.json | PATH...]}: runs the labelled scenarios (default
 * {@code test-calls/scenarios/frustration}) or reads a {@code test-calls --json} report, and prints who was
 * escalated, why and when, with precision and recall against the labels. Exit 0 with a report (whatever the
 * figures), 2 on bad arguments or an unreadable report.
 */
public final class FrustrationReportCommand {

  static final String USAGE = "usage: voicebot frustration-report [--json REPORT.json | PATH...]";

  private FrustrationReportCommand() {}

  public static int run(String[] args, Path home) {
    Path json = null;
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--json")) {
        if (i + 1 >= args.length) {
          System.err.println("frustration-report: --json needs a file\n" + USAGE);
          return 2;
        }
        json = Path.of(args[++i]);
      } else if (args[i].startsWith("--")) {
        System.err.println("frustration-report: unknown option " + args[i] + "\n" + USAGE);
        return 2;
      } else {
        paths.add(Path.of(args[i]));
      }
    }
    if (json != null && !paths.isEmpty()) {
      System.err.println("frustration-report: give either --json or scenario paths, not both\n" + USAGE);
      return 2;
    }
    try {
      List<LabelledCall> calls = json != null ? fromReport(json) : runScenarios(paths.isEmpty()
          ? List.of(home.resolve("test-calls/scenarios/frustration")) : paths);
      System.out.print(EscalationReport.of(calls).render());
      return 0;
    } catch (ReportException e) {
      System.err.println("frustration-report: " + e.getMessage());
      return 2;
    }
  }

  /** The scenarios of a {@code test-calls --json} report; each label is read from the scenario file it names. */
  static List<LabelledCall> fromReport(Path report) throws ReportException {
    JsonObject root;
    try {
      root = new JsonObject(Files.readString(report));
    } catch (IOException e) {
      throw new ReportException("cannot read " + report + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ReportException(report + " is not JSON: " + e.getMessage());
    }
    JsonArray scenarios = root.getJsonArray("scenarios");
    if (scenarios == null) {
      throw new ReportException(report + " has no \"scenarios\" array (expected a test-calls --json report)");
    }
    List<LabelledCall> out = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      JsonObject s = scenarios.getJsonObject(i);
      String where = report + ": scenarios[" + i + "]";
      if (s == null || s.getString("name") == null || s.getJsonArray("events") == null) {
        throw new ReportException(where + " needs \"name\" and \"events\"");
      }
      List<JsonObject> events = new ArrayList<>();
      for (Object e : s.getJsonArray("events")) {
        if (!(e instanceof JsonObject o)) {
          throw new ReportException(where + " (" + s.getString("name") + "): an event is not a JSON object: " + e);
        }
        events.add(o);
      }
      out.add(new LabelledCall(s.getString("name"), labelOf(s, report), s.getBoolean("passed", false), events));
    }
    return out;
  }

  /**
   * The label: a {@code description} in the report itself if present, else the scenario file's (a path
   * relative to where test-calls ran, or to the report's folder).
   */
  private static Label labelOf(JsonObject s, Path report) {
    if (s.getString("description") != null) {
      return Label.of(s.getString("description"));
    }
    String file = s.getString("file");
    if (file == null) {
      return Label.UNLABELLED;
    }
    Path f = Path.of(file);
    if (!Files.isRegularFile(f) && report.toAbsolutePath().getParent() != null) {
      f = report.toAbsolutePath().getParent().resolve(file);
    }
    try {
      return Label.of(ScenarioParser.parse(f).description());
    } catch (ScenarioException | RuntimeException e) {
      System.err.println("frustration-report: no label for " + s.getString("name") + " (" + e.getMessage()
          + "); not counted");
      return Label.UNLABELLED;
    }
  }

  private static List<LabelledCall> runScenarios(List<Path> paths) throws ReportException {
    List<Scenario> scenarios = new ArrayList<>();
    try {
      for (Path f : ScenarioParser.find(paths)) {
        scenarios.add(ScenarioParser.parse(f));
      }
    } catch (ScenarioException e) {
      throw new ReportException(e.getMessage());
    }
    if (scenarios.isEmpty()) {
      throw new ReportException("no *.yaml scenarios under " + paths);
    }
    List<LabelledCall> out = new ArrayList<>();
    try (Harness h = Harness.start()) {
      ScenarioRunner runner = new ScenarioRunner(h.vertx, h.sim, h.callLog(), h.gateway.synthesizer(),
          h.gateway.appName());
      List<ScenarioResult> results = runner.runAll(scenarios, 1, r -> System.out.printf("%s %s%n",
          r.passed() ? "PASS" : "FAIL", r.name() + (r.passed() ? "" : "  " + r.failures().get(0))));
      for (int i = 0; i < results.size(); i++) {
        ScenarioResult r = results.get(i);
        out.add(new LabelledCall(r.name(), Label.of(scenarios.get(i).description()), r.passed(), r.events()));
      }
    } catch (Exception e) {
      throw new ReportException("runner error: " + e);
    }
    System.out.println();
    return out;
  }

  /** A report that cannot be made, with what is wrong and where. */
  static final class ReportException extends Exception {
    ReportException(String message) {
      super(message);
    }
  }
}
