package org.voicebot.testcalls.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.voicebot.testcalls.runner.ScenarioResult;
import org.voicebot.testcalls.runner.ScenarioRunner;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioException;
import org.voicebot.testcalls.scenario.ScenarioParser;

/** {@code voicebot test-calls [--json REPORT] [--concurrency N] PATH...}: exit 0 all passed, 1 some failed, 2 error. */
final class TestCallsCommand {

  private TestCallsCommand() {}

  static int run(String[] args) {
    Path json = null;
    int concurrency = 1;
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = Path.of(need(args, ++i, "--json"));
        case "--concurrency" -> concurrency = Integer.parseInt(need(args, ++i, "--concurrency"));
        case "--gateway" -> {
          System.err.println("test-calls: --gateway (a running gateway) is not supported yet; scenarios run against"
              + " an in-process gateway");
          return 2;
        }
        default -> {
          if (args[i].startsWith("--")) {
            System.err.println("test-calls: unknown option " + args[i]
                + "\nusage: voicebot test-calls [--json REPORT.json] [--concurrency N] PATH...");
            return 2;
          }
          paths.add(Path.of(args[i]));
        }
      }
    }
    if (paths.isEmpty()) {
      System.err.println("usage: voicebot test-calls [--json REPORT.json] [--concurrency N] PATH...");
      return 2;
    }
    List<Scenario> scenarios = new ArrayList<>();
    try {
      for (Path f : ScenarioParser.find(paths)) {
        scenarios.add(ScenarioParser.parse(f));
      }
    } catch (ScenarioException e) {
      System.err.println("test-calls: " + e.getMessage());
      return 2;
    }
    if (scenarios.isEmpty()) {
      System.err.println("test-calls: no *.yaml scenarios under " + paths);
      return 2;
    }
    try (Harness h = Harness.start()) {
      ScenarioRunner runner = new ScenarioRunner(h.vertx, h.sim, h.callLog(), h.gateway.synthesizer(),
          h.gateway.appName());
      List<ScenarioResult> results = runner.runAll(scenarios, concurrency, r -> System.out.printf("%s %-40s %6.1fs%s%n",
          r.passed() ? "PASS" : "FAIL", r.name(), r.durationMs() / 1000.0,
          r.passed() ? "" : "  " + r.failures().get(0)));
      long passed = results.stream().filter(ScenarioResult::passed).count();
      long failed = results.size() - passed;
      if (json != null) {
        JsonArray arr = new JsonArray();
        results.forEach(r -> arr.add(r.toJson()));
        Files.writeString(json, new JsonObject().put("scenarios", arr).put("passed", passed).put("failed", failed)
            .encodePrettily());
      }
      System.out.println(passed + " passed, " + failed + " failed");
      return failed == 0 ? 0 : 1;
    } catch (Exception e) {
      System.err.println("test-calls: runner error: " + e);
      e.printStackTrace();
      return 2;
    }
  }

  private static String need(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }
}
