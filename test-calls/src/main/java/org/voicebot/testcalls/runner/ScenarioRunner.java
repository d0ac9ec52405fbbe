package org.voicebot.testcalls.runner;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.voicebot.gateway.tts.SpeechSynthesizer;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.sim.AsteriskSimulator;

/** Runs scenarios as calls through the simulator, a few at a time, in file order of results. */
public final class ScenarioRunner {

  private final Vertx vertx;
  private final AsteriskSimulator sim;
  private final CallLog log;
  private final CallerVoice voice;
  private final String app;

  public ScenarioRunner(Vertx vertx, AsteriskSimulator sim, CallLog log, SpeechSynthesizer callerTts, String app) {
    this.vertx = vertx;
    this.sim = sim;
    this.log = log;
    this.voice = new CallerVoice(callerTts);
    this.app = app;
  }

  /**
   * Renders every caller phrase and reads every audio file the scenarios use, into the runner's
   * in-memory cache, so that later calls spend no caller-side synthesis time (a load benchmark must not
   * have its caller compete with the gateway for the CPU while it measures).
   *
   * @return the number of distinct phrases and files now cached
   */
  public int prerender(List<Scenario> scenarios) {
    for (Scenario s : scenarios) {
      for (var step : s.steps()) {
        if (step instanceof org.voicebot.testcalls.scenario.ScenarioStep.Say say) {
          voice.say(say.text());
        } else if (step instanceof org.voicebot.testcalls.scenario.ScenarioStep.PlayAudio a) {
          voice.file(a.file());
        }
      }
    }
    return voice.cached();
  }

  public ScenarioResult run(Scenario scenario) {
    return new ScenarioRun(scenario, vertx, sim, log, voice, app).run();
  }

  /** Runs them all, {@code concurrency} at once; {@code onEach} sees each result as it completes. */
  public List<ScenarioResult> runAll(List<Scenario> scenarios, int concurrency, Consumer<ScenarioResult> onEach)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
      Thread t = new Thread(r, "scenario-caller");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<ScenarioResult>> futures = new ArrayList<>();
      for (Scenario s : scenarios) {
        futures.add(pool.submit(() -> {
          ScenarioResult r = run(s);
          synchronized (onEach) {
            onEach.accept(r);
          }
          return r;
        }));
      }
      List<ScenarioResult> results = new ArrayList<>();
      for (Future<ScenarioResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a scenario runner thread failed", e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
