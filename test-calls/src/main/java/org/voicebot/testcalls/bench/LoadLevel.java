package org.voicebot.testcalls.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.metrics.CallMetrics;
import org.voicebot.testcalls.scenario.Scenario;

/**
 * One closed-loop run: N caller loops, each placing the next scenario of the mix (round-robin, shared
 * by all loops) as soon as its previous call is over, for the set duration; calls in flight at the end
 * are let finish and counted. Prints progress while it runs.
 */
public final class LoadLevel {

  /** How long the loops may take to finish their last calls before the run is reported as stuck. */
  private static final long DRAIN_LIMIT_MS = 300_000;

  private final Function<Scenario, CallFigures> caller;
  private final List<Scenario> mix;
  private final AtomicInteger cursor = new AtomicInteger();
  private final CallEventLog events;
  private final Supplier<CallMetrics.Underruns> underruns;
  private final LongSupplier blockedWarnings;
  private final PrintStream out;
  private final int progressEveryS;
  private final double rssIdleMb;

  public LoadLevel(Function<Scenario, CallFigures> caller, List<Scenario> mix, CallEventLog events,
      Supplier<CallMetrics.Underruns> underruns, LongSupplier blockedWarnings, PrintStream out, int progressEveryS,
      double rssIdleMb) {
    if (mix.isEmpty()) {
      throw new IllegalArgumentException("no scenarios to run");
    }
    this.caller = caller;
    this.mix = List.copyOf(mix);
    this.events = events;
    this.underruns = underruns;
    this.blockedWarnings = blockedWarnings;
    this.out = out;
    this.progressEveryS = progressEveryS;
    this.rssIdleMb = rssIdleMb;
  }

  /** Figures of every call of the last run, in the order they ended. */
  private final List<CallFigures> calls = Collections.synchronizedList(new ArrayList<>());

  public List<CallFigures> lastCalls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public LevelResult run(int concurrency, int durationS, String label) throws InterruptedException {
    calls.clear();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    CallMetrics.Underruns u0 = underruns.get();
    long blocked0 = blockedWarnings.getAsLong();
    double[] rssPeak = {ProcessProbe.rssMb()};
    long t0 = System.nanoTime();
    long cpu0 = ProcessProbe.cpuNanos();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(durationS);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-progress"));
    long[] lastCpu = {cpu0, t0};
    int[] tick = {0};
    try (GatewayTally tally = new GatewayTally(events)) {
      sampler.scheduleAtFixedRate(() -> {
        rssPeak[0] = Math.max(rssPeak[0], ProcessProbe.rssMb());
        if (++tick[0] % progressEveryS == 0) {
          long now = System.nanoTime();
          long cpu = ProcessProbe.cpuNanos();
          List<CallFigures> done = lastCalls();
          List<Long> resp = new ArrayList<>();
          done.forEach(c -> resp.addAll(c.responseMs()));
          Distribution d = Distribution.of(resp);
          out.printf("%s[%4ds] %d callers | in flight %d | ended %d, failed %d | response p95 %s ms (n=%d)"
                  + " | cpu %.0f%% | rss %.0f MB%n", label, TimeUnit.NANOSECONDS.toSeconds(now - t0), concurrency,
              inFlight.get(), done.size(), done.stream().filter(c -> !c.passed()).count()
                  + blockedWarnings.getAsLong() - blocked0,
              d.p95() == null ? "-" : d.p95().toString(), d.count(),
              ProcessProbe.cpuPercent(cpu - lastCpu[0], now - lastCpu[1]), rssPeak[0]);
          lastCpu[0] = cpu;
          lastCpu[1] = now;
        }
      }, 1, 1, TimeUnit.SECONDS);
      List<Thread> loops = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Thread t = daemon(() -> {
          while (System.nanoTime() < deadline) {
            Scenario s = mix.get(Math.floorMod(cursor.getAndIncrement(), mix.size()));
            started.incrementAndGet();
            inFlight.incrementAndGet();
            try {
              calls.add(caller.apply(s));
            } catch (RuntimeException e) {
              calls.add(CallFigures.failed(s.name(), "runner error: " + e));
            } finally {
              inFlight.decrementAndGet();
            }
          }
        }, "bench-caller-" + (i + 1));
        loops.add(t);
        t.start();
      }
      long drainUntil = System.currentTimeMillis() + durationS * 1000L + DRAIN_LIMIT_MS;
      for (Thread t : loops) {
        t.join(Math.max(1, drainUntil - System.currentTimeMillis()));
      }
      long wall = System.nanoTime() - t0;
      long cpu = ProcessProbe.cpuNanos() - cpu0;
      // The gateway publishes call_ended as the caller's hang-up reaches it: give the last ones a moment.
      long settle = System.currentTimeMillis() + 10_000;
      while (tally.open() > 0 && System.currentTimeMillis() < settle) {
        Thread.sleep(50);
      }
      sampler.shutdownNow();
      List<CallFigures> done = lastCalls();
      List<Long> resp = new ArrayList<>();
      List<Long> barge = new ArrayList<>();
      List<Long> lag = new ArrayList<>();
      List<Long> gwSpeech = new ArrayList<>();
      List<Long> gwDtmf = new ArrayList<>();
      Map<String, Integer> kinds = new TreeMap<>();
      int passed = 0;
      for (CallFigures c : done) {
        resp.addAll(c.responseMs());
        barge.addAll(c.bargeInStopMs());
        lag.addAll(c.asrLagMs());
        gwSpeech.addAll(c.gatewaySpeechResponseMs());
        gwDtmf.addAll(c.gatewayDtmfResponseMs());
        if (c.passed()) {
          passed++;
        } else {
          kinds.merge(c.scenario() + ": " + c.firstFailure(), 1, Integer::sum);
        }
      }
      CallMetrics.Underruns u1 = underruns.get();
      double rss = Math.max(rssPeak[0], ProcessProbe.rssMb());
      return new LevelResult(concurrency, durationS, TimeUnit.NANOSECONDS.toMillis(wall), started.get(),
          done.size(), passed, kinds, blockedWarnings.getAsLong() - blocked0, Distribution.of(resp),
          Distribution.of(barge), Distribution.of(lag), u1.synthesisGapFrames() - u0.synthesisGapFrames(),
          u1.clockLate() - u0.clockLate(), ProcessProbe.cpuPercent(cpu, wall), rssIdleMb, rss,
          (rss - rssIdleMb) / concurrency, tally.started(), tally.ended(), tally.outcomes(),
          Distribution.of(gwSpeech), Distribution.of(gwDtmf));
    } finally {
      sampler.shutdownNow();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
