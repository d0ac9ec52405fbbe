package org.voicebot.testcalls.bench;

import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.voicebot.gateway.config.GatewayConfig;
import org.voicebot.gateway.metrics.CallMetrics;
import org.voicebot.testcalls.cli.Harness;
import org.voicebot.testcalls.runner.ScenarioRunner;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioException;
import org.voicebot.testcalls.scenario.ScenarioParser;
import org.voicebot.testcalls.scenario.ScenarioStep;

/**
 * {@code voicebot bench}: many simultaneous scripted calls through the Asterisk simulator against one
 * in-process gateway, closed loop, at a set concurrency for a set time, or stepping the concurrency
 * until the SLO breaks ({@code --find-capacity}). Exit 0 (figures are figures), 1 when a soak-length
 * run (300 s or more) failed a soak check, 2 on bad arguments or a runner error.
 */
public final class BenchCommand {

  static final String USAGE = """
      usage: voicebot bench [--calls N] [--duration S] [--scenarios PATH]... [--json FILE]
                            [--find-capacity [--start N] [--max-calls N] [--level-duration S]]
                            [--warmup S] [--progress S]""";

  /** Parsed options. */
  record Options(int calls, int durationS, List<Path> scenarios, Path json, boolean findCapacity, int start,
      int maxCalls, int levelDurationS, int warmupS, int progressS) {

    boolean soakLength() {
      return !findCapacity && durationS >= 300;
    }
  }

  private BenchCommand() {}

  public static int run(String[] args, Path home) {
    Options o;
    try {
      o = parse(args, home);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    List<Scenario> mix;
    try {
      mix = mix(o.scenarios());
    } catch (ScenarioException e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    }
    try {
      return new BenchCommand.Run(o, mix, System.out).call();
    } catch (Exception e) {
      System.err.println("bench: runner error: " + e);
      e.printStackTrace();
      return 2;
    }
  }

  static Options parse(String[] args, Path home) {
    int calls = 4;
    int duration = 60;
    List<Path> scenarios = new ArrayList<>();
    Path json = null;
    boolean find = false;
    int start = 2;
    int max = 32;
    int levelDuration = 45;
    Integer warmup = null;
    int progress = 5;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--calls" -> calls = positive(a, value(args, ++i, a));
        case "--duration" -> duration = positive(a, value(args, ++i, a));
        case "--scenarios" -> scenarios.add(Path.of(value(args, ++i, a)));
        case "--json" -> json = Path.of(value(args, ++i, a));
        case "--find-capacity" -> find = true;
        case "--start" -> start = positive(a, value(args, ++i, a));
        case "--max-calls" -> max = positive(a, value(args, ++i, a));
        case "--level-duration" -> levelDuration = positive(a, value(args, ++i, a));
        case "--warmup" -> warmup = nonNegative(a, value(args, ++i, a));
        case "--progress" -> progress = positive(a, value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (find && max < start) {
      throw new IllegalArgumentException("--max-calls " + max + " is below --start " + start);
    }
    if (scenarios.isEmpty()) {
      scenarios.add(home.resolve("test-calls/scenarios/intents"));
      scenarios.add(home.resolve("test-calls/scenarios/barge-in"));
    }
    // A soak starts measuring after a minute of calls, so that pools, JIT and caches have grown first.
    int w = warmup != null ? warmup : (!find && duration >= 300 ? 60 : 0);
    return new Options(calls, duration, List.copyOf(scenarios), json, find, start, max, levelDuration, w, progress);
  }

  /**
   * The scenarios of each path, interleaved path by path (a, b, a, b, ...) so that a short run already
   * mixes the sets (intents and barge-ins) instead of running one folder first.
   */
  static List<Scenario> mix(List<Path> paths) throws ScenarioException {
    List<List<Scenario>> sets = new ArrayList<>();
    for (Path p : paths) {
      List<Scenario> set = new ArrayList<>();
      for (Path f : ScenarioParser.find(List.of(p))) {
        set.add(ScenarioParser.parse(f));
      }
      if (set.isEmpty()) {
        throw new ScenarioException(p + ": no *.yaml scenarios");
      }
      sets.add(set);
    }
    return interleave(sets);
  }

  static <T> List<T> interleave(List<List<T>> sets) {
    List<T> out = new ArrayList<>();
    int longest = sets.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<T> s : sets) {
        if (i < s.size()) {
          out.add(s.get(i));
        }
      }
    }
    return out;
  }

  private static String value(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }

  private static int positive(String opt, String v) {
    int n = nonNegative(opt, v);
    if (n < 1) {
      throw new IllegalArgumentException(opt + " must be at least 1, got " + v);
    }
    return n;
  }

  private static int nonNegative(String opt, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new IllegalArgumentException(opt + " must not be negative, got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(opt + " needs a whole number, got '" + v + "'");
    }
  }

  /** One benchmark invocation against a fresh in-process gateway. */
  static final class Run {
    private final Options o;
    private final List<Scenario> mix;
    private final PrintStream out;
    private final Slo slo = Slo.DEFAULT;

    Run(Options o, List<Scenario> mix, PrintStream out) {
      this.o = o;
      this.mix = mix;
      this.out = out;
    }

    int call() throws Exception {
      int most = o.findCapacity() ? o.maxCalls() : o.calls();
      // Production's event-loop limit (Main): a handler holding a loop 200 ms is a blocked-thread warning.
      VertxOptions vx = new VertxOptions().setMaxEventLoopExecuteTime(200)
          .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS);
      String load0 = loadAverage();
      out.println("bench: starting the gateway (MaryTTS, speech recognition) and the Asterisk simulator...");
      long t0 = System.nanoTime();
      // The event log keeps a bounded history; a small one keeps a long run's heap flat (each call reads
      // its own events before it returns, so a few per caller suffice).
      try (Harness h = Harness.start(vx, c -> new GatewayConfig(c.http(), c.ari(), c.audiosocket(), c.agi(),
          c.asr(), c.tts(), c.dialog(), c.call(), c.privacy(), c.frustration(),
          new GatewayConfig.Events(Math.max(100, 4 * most))))) {
        BlockedThreads blocked = BlockedThreads.watch(h.vertx);
        ScenarioRunner runner = new ScenarioRunner(h.vertx, h.sim, h.callLog(), h.gateway.synthesizer(),
            h.gateway.appName());
        long t1 = System.nanoTime();
        int phrases = runner.prerender(mix);
        out.printf("bench: gateway up in %.1f s; %d caller phrases pre-rendered in memory in %.1f s (not during the"
            + " run)%n", (t1 - t0) / 1e9, phrases, (System.nanoTime() - t1) / 1e9);
        CallMetrics metrics = h.gateway.callMetrics();
        Scenario warm = warmUpCall(mix);
        out.println("bench: warm-up call (not counted): " + warm.name());
        runner.run(warm);
        if (o.warmupS() > 0) {
          out.printf("bench: warm-up, %d s at %d calls (not counted)%n", o.warmupS(), o.calls());
          new LoadLevel(s -> CallFigures.of(s, runner.run(s)), mix, h.gateway.events(), metrics::playoutUnderruns,
              blocked::count, out, o.progressS(), 0).run(o.calls(), o.warmupS(), "warm-up ");
        }
        double rssIdle = idleRss();
        LoadLevel level = new LoadLevel(s -> CallFigures.of(s, runner.run(s)), mix, h.gateway.events(),
            metrics::playoutUnderruns, blocked::count, out, o.progressS(), rssIdle);
        JsonObject setup = setup(h, phrases, load0, rssIdle);
        JsonObject report;
        int status = 0;
        List<LevelResult> levels;
        SoakCheck soak = null;
        BenchReport.Capacity capacity;
        LevelResult headline;
        if (o.findCapacity()) {
          LoadLevel lv = level;
          CapacitySearch.Outcome c = CapacitySearch.run(o.start(), o.maxCalls(), slo, n -> {
            out.printf("bench: level %d calls, %d s%n", n, o.levelDurationS());
            try {
              LevelResult r = lv.run(n, o.levelDurationS(), "level " + n + " ");
              List<String> v = slo.violations(r);
              out.printf("bench: level %d %s%n", n, v.isEmpty() ? "held" : "broke: " + String.join("; ", v));
              return r;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted");
            }
          });
          levels = c.levels();
          headline = levels.stream().filter(r -> r.concurrency() == c.maxHeld() && slo.holds(r)).findFirst()
              .orElse(levels.get(0));
          capacity = new BenchReport.Capacity(c.maxHeld(), "doubling from " + o.start() + " then bisecting, "
              + o.levelDurationS() + " s per level", c.firstBroken() == 0 ? null : c.firstBroken());
        } else {
          SoakCheck.Sample start = SoakCheck.Sample.now(0);
          settleAfterGc();
          List<SoakCheck.Sample> minutes = java.util.Collections.synchronizedList(new ArrayList<>());
          ScheduledExecutorService perMinute = null;
          long soakT0 = System.nanoTime();
          if (o.durationS() >= 120) {
            perMinute = Executors.newSingleThreadScheduledExecutor(r -> {
              Thread t = new Thread(r, "bench-soak-sampler");
              t.setDaemon(true);
              return t;
            });
            perMinute.scheduleAtFixedRate(() -> minutes.add(SoakCheck.Sample.duringRun(
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - soakT0))), 60, 60, TimeUnit.SECONDS);
          }
          LevelResult r = level.run(o.calls(), o.durationS(), "");
          if (perMinute != null) {
            perMinute.shutdownNow();
            perMinute.awaitTermination(5, TimeUnit.SECONDS);
          }
          Thread.sleep(2000); // finished callers' threads and sockets wind down
          SoakCheck.Sample end = SoakCheck.Sample.now(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - soakT0));
          List<SoakCheck.Sample> samples;
          synchronized (minutes) {
            samples = List.copyOf(minutes);
          }
          soak = new SoakCheck(o.calls(), r.callsStarted(), r.callsEnded(), r.gatewayCallsStarted(), r.gatewayCallsEnded(),
              r.gatewayOutcomes(), h.gateway.events().activeCalls(), start, end, samples);
          levels = List.of(r);
          headline = r;
          capacity = new BenchReport.Capacity(slo.holds(r) ? o.calls() : null,
              "single level (a lower bound when it held; use --find-capacity)", slo.holds(r) ? null : o.calls());
          if (o.soakLength() && !soak.held()) {
            status = 1;
          }
        }
        out.println();
        out.println(BenchReport.table(levels, slo));
        for (LevelResult l : levels) {
          l.failureKinds().forEach((k, n) -> out.printf("  failed at %d calls: %dx %s%n", l.concurrency(), n, k));
        }
        if (soak != null) {
          out.printf("calls: gateway started %d, ended %d %s; caller loops placed %d, got back %d; stuck sessions %d%n",
              soak.gatewayStarted(), soak.gatewayEnded(), soak.outcomes(), soak.runnerStarted(), soak.runnerEnded(),
              soak.stuckSessions());
          out.printf("heap after GC %.1f -> %.1f MB, threads %d -> %d, fds %d -> %d%n", soak.start().heapAfterGcMb(),
              soak.end().heapAfterGcMb(), soak.start().threads(), soak.end().threads(), soak.start().fds(),
              soak.end().fds());
          soak.checks().forEach((k, v) -> out.printf("  %-5s %s%n", v ? "OK" : "FAIL", k));
        }
        out.printf("capacity: %s (%s); SLO: response p95 <= %d ms, barge-in stop p95 <= %d ms, no underruns,"
                + " no failed calls%n", capacity.maxCalls() == null ? "not shown" : capacity.maxCalls() + " calls",
            capacity.method(), slo.maxResponseP95Ms(), slo.maxBargeInStopP95Ms());
        report = BenchReport.build(headline, levels, capacity, slo, soak, setup);
        if (o.json() != null) {
          Files.writeString(o.json(), report.encodePrettily());
          Path png = chartPath(o.json());
          try {
            LatencyChart.write(png, levels, slo);
            out.println("bench: wrote " + o.json() + " and " + png);
          } catch (IOException | RuntimeException | Error e) { // the report matters more than its picture
            out.println("bench: wrote " + o.json() + "; the chart " + png + " could not be drawn: " + e);
          }
        }
        return status;
      }
    }

    private JsonObject setup(Harness h, int phrases, String load0, double rssIdle) {
      JsonArray files = new JsonArray();
      mix.forEach(s -> files.add(s.file().toString()));
      return new JsonObject()
          .put("cores", Runtime.getRuntime().availableProcessors())
          .put("cpu", cpuModel())
          .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
          .put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024))
          .put("load_average_before", load0)
          .put("mode", o.findCapacity() ? "find-capacity" : "fixed")
          .put("duration_s", o.findCapacity() ? o.levelDurationS() : o.durationS())
          .put("warmup_s", o.warmupS())
          .put("scenarios", files)
          .put("caller_phrases_prerendered", phrases)
          .put("rss_mb_idle", LevelResult.round1(rssIdle))
          .put("endpoint_silence_ms", GatewayConfig.embeddedDefaults().call().endpointSilenceMs())
          .put("vertx_max_event_loop_execute_ms", 200);
    }
  }

  /** The shortest scenario in which the caller speaks: warms a decoder and the JIT before measuring. */
  static Scenario warmUpCall(List<Scenario> mix) {
    return mix.stream().filter(s -> s.steps().stream().anyMatch(x -> x instanceof ScenarioStep.Say))
        .min(Comparator.comparingInt(s -> s.steps().size())).orElse(mix.get(0));
  }

  static Path chartPath(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    Path dir = json.toAbsolutePath().getParent();
    return dir.resolve(base + ".png");
  }

  private static double idleRss() throws InterruptedException {
    System.gc();
    settleAfterGc();
    return ProcessProbe.rssMb();
  }

  /**
   * A forced full GC stops every thread; Vert.x's checker (1 s period) reports the stalled event loops a
   * moment later. Wait it out so that those warnings fall before the measured run, not in it.
   */
  private static void settleAfterGc() throws InterruptedException {
    Thread.sleep(2500);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }
}
