package org.voicebot.testcalls.runner;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.voicebot.testcalls.runner.ScenarioResult.Failure;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioStep;
import org.voicebot.testcalls.scenario.ScenarioStep.Expectations;
import org.voicebot.testcalls.sim.AsteriskSimulator;
import org.voicebot.testcalls.sim.DialOptions;
import org.voicebot.testcalls.sim.SimulatedCall;

/**
 * Plays one scenario as a caller: places the call through the simulator, speaks and keys at real-time
 * pace, waits its turn like a polite caller, and checks each expectation against the call's event log.
 * Runs on its own thread (it waits), never on an event loop.
 */
final class ScenarioRun {

  private static final long POLL_MS = 10;
  /** How long the bot must have been quiet before a polite caller speaks. */
  static final long TURN_GAP_MS = 500;
  /** Where the shipped dialplan takes calls into the bot: 500 over ARI, 501 over FastAGI. */
  static final String ENTRY_CONTEXT = "from-phones";
  static final String ARI_EXTEN = "500";
  static final String AGI_EXTEN = "501";

  private final Scenario scenario;
  private final Vertx vertx;
  private final AsteriskSimulator sim;
  private final CallLog log;
  private final CallerVoice voice;
  private final String app;
  private final BotEar ear = new BotEar();
  private final List<Failure> failures = new ArrayList<>();
  private final List<long[]> responseAnchors = new ArrayList<>(); // {nanos of end of caller turn}
  private final List<Long> bargeInStopMs = new ArrayList<>();
  private SimulatedCall call;
  private CallerLine line;
  private String callId = "";
  /** Index into the event log where the last caller step began: "since the previous step". */
  private int sinceIndex;

  ScenarioRun(Scenario scenario, Vertx vertx, AsteriskSimulator sim, CallLog log, CallerVoice voice, String app) {
    this.scenario = scenario;
    this.vertx = vertx;
    this.sim = sim;
    this.log = log;
    this.voice = voice;
    this.app = app;
  }

  ScenarioResult run() {
    long t0 = System.nanoTime();
    try {
      execute();
    } catch (StepFailed f) {
      failures.add(f.failure);
    } catch (RuntimeException | InterruptedException e) {
      failures.add(new Failure(0, "the call to run", "runner error: " + e));
    } finally {
      if (line != null) {
        line.stop();
      }
      if (call != null && call.end() == null) {
        call.hangup(); // still with the bot, in the queue or with an agent: the caller puts the phone down
      }
    }
    List<JsonObject> events = callId.isEmpty() ? List.of() : log.events(callId);
    return new ScenarioResult(scenario.file(), scenario.name(), callId, failures.isEmpty(), List.copyOf(failures),
        events, responseMs(), List.copyOf(bargeInStopMs), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  private void execute() throws StepFailed, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(scenario.timeoutS());
    // Through the shipped dialplan (asterisk-config/extensions.conf): 500 enters Stasis, 501 FastAGI.
    String exten = scenario.entry() == Scenario.Entry.AGI ? AGI_EXTEN : ARI_EXTEN;
    call = sim.dial(DialOptions.of(ENTRY_CONTEXT, exten).withCaller(scenario.callerId(), "Test Caller"));
    call.onBotAudio(f -> ear.heard(f.nanos(), f.pcm()));
    line = new CallerLine(vertx, call::sendAudio);
    awaitMedia();
    callId = call.uuidOfMedia();
    line.start();
    List<Expectations> atEnd = new ArrayList<>();
    List<Integer> atEndSteps = new ArrayList<>();
    for (ScenarioStep step : scenario.steps()) {
      if (System.nanoTime() > deadline) {
        throw new StepFailed(new Failure(step.index(), "the call to finish within " + scenario.timeoutS() + " s",
            "timeout_s reached"));
      }
      if (step instanceof ScenarioStep.Say s) {
        speak(s.index(), voice.say(s.text()), s.speech());
      } else if (step instanceof ScenarioStep.PlayAudio a) {
        speak(a.index(), voice.file(a.file()), a.speech());
      } else if (step instanceof ScenarioStep.Dtmf d) {
        keys(d);
      } else if (step instanceof ScenarioStep.Silence s) {
        sinceIndex = eventCount();
        Thread.sleep((long) (s.seconds() * 1000));
      } else if (step instanceof ScenarioStep.Hangup) {
        sinceIndex = eventCount();
        call.hangup();
      } else if (step instanceof ScenarioStep.Expect e) {
        if (e.conditions().atEndOfCall()) {
          atEnd.add(e.conditions());
          atEndSteps.add(e.index());
        }
        expect(e);
      }
    }
    awaitCallEnd();
    String dialplanProblem = dialplanAgreesWithGateway();
    if (dialplanProblem != null) {
      throw new StepFailed(new Failure(scenario.steps().size(), "Asterisk's dialplan to follow the gateway's outcome",
          dialplanProblem));
    }
    for (int i = 0; i < atEnd.size(); i++) {
      String problem = endOfCall(atEnd.get(i));
      if (problem != null) {
        throw new StepFailed(new Failure(atEndSteps.get(i), describeEnd(atEnd.get(i)), problem));
      }
    }
  }

  /**
   * The gateway's word is checked against what the simulated Asterisk did with the caller afterwards:
   * a transferred call must reach the agent queue through the dialplan, a resolved one must not.
   */
  private String dialplanAgreesWithGateway() throws InterruptedException {
    JsonObject ended = events().stream().filter(e -> "call_ended".equals(e.getString("type"))).findFirst()
        .orElse(null);
    if (ended == null) {
      return null; // reported by the expectations
    }
    String outcome = ended.getString("outcome");
    if ("transferred".equals(outcome)) {
      String queue = events().stream().filter(e -> "transfer".equals(e.getString("type")))
          .map(e -> e.getString("queue")).findFirst().orElse(null);
      if (!waitUntil(() -> call.queue() != null, 5000)) {
        return "the gateway transferred the call, but the dialplan never queued the caller: " + call.executed();
      }
      if (queue != null && !queue.equals(call.queue())) {
        return "the gateway transferred to queue " + queue + " but the dialplan queued the caller in " + call.queue();
      }
      // The queue's agent answers in the harness: the briefing must have been fetched and played to them.
      if (waitUntil(() -> call.agentAnnouncement() != null, 6000) && !call.agentAnnouncement().played()) {
        return "the agent did not hear the briefing: " + call.agentAnnouncement();
      }
    } else if ("resolved".equals(outcome) && call.queue() != null) {
      return "the gateway resolved the call, but the dialplan queued the caller in " + call.queue();
    }
    return null;
  }

  private void awaitMedia() throws StepFailed {
    try {
      call.mediaReady().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StepFailed(new Failure(0, "the gateway to answer and connect media",
          "no media after 15 s: " + e.getMessage()));
    }
  }

  // ---- caller actions ------------------------------------------------------------------------

  private void speak(int index, short[] pcm, ScenarioStep.Speech how) throws InterruptedException, StepFailed {
    if (how.bargeIn()) {
      long startNanos = waitForBotUtteranceStart(index);
      long wait = TimeUnit.MILLISECONDS.toNanos(how.afterMs()) - (System.nanoTime() - startNanos);
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    } else {
      waitForTurn();
    }
    sinceIndex = eventCount();
    short[] audio = CallerVoice.gain(pcm, how.gainDb());
    long[] sent = join(line.speak(audio));
    // Timed from the caller's first and last sounding frame, not from the synthesizer's leading and
    // trailing pauses: "end of the caller's speech" as the caller (and the SLO) means it.
    long onset = sent[0] + TimeUnit.MILLISECONDS.toNanos(CallerVoice.leadingSilenceMs(audio));
    long speechEnd = sent[1] - TimeUnit.MILLISECONDS.toNanos(CallerVoice.trailingSilenceMs(audio));
    responseAnchors.add(new long[] {Math.max(onset, speechEnd)});
    if (how.bargeIn()) {
      long stopped = ear.soundStoppedAfter(onset, 5);
      if (stopped > 0) {
        bargeInStopMs.add(Math.max(0, TimeUnit.NANOSECONDS.toMillis(stopped - onset)));
      }
      lastBargeInOnset = onset;
    }
  }

  private long lastBargeInOnset = -1;

  private void keys(ScenarioStep.Dtmf d) throws InterruptedException {
    if (d.waitForTurn()) {
      waitForTurn();
    }
    sinceIndex = eventCount();
    for (int i = 0; i < d.digits().length(); i++) {
      if (i > 0) {
        Thread.sleep(150);
      }
      call.sendDtmf(d.digits().charAt(i));
    }
    responseAnchors.add(new long[] {System.nanoTime()});
  }

  /**
   * Turn taking (format v1): wait for the bot's answer to the previous turn, or 4 s of nothing. "The bot
   * is silent" means silent for {@link #TURN_GAP_MS}, as a person hears it: an answer followed at once by
   * "anything else?" is one turn, not two.
   */
  private void waitForTurn() throws InterruptedException {
    long start = System.nanoTime();
    int from = sinceIndex;
    long silentSince = 0;
    while (true) {
      List<JsonObject> ev = events();
      boolean answered = count(ev, from, "bot_utterance_started") > 0;
      boolean botSilent = count(ev, 0, "bot_utterance_started") <= count(ev, 0, "bot_utterance_finished");
      if (answered && botSilent) {
        long now = System.nanoTime();
        silentSince = silentSince == 0 ? now : silentSince;
        if (now - silentSince >= TimeUnit.MILLISECONDS.toNanos(TURN_GAP_MS)) {
          return;
        }
      } else {
        silentSince = 0;
      }
      if (!answered && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(4)) {
        return;
      }
      if (ended(ev) || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
        return;
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** For barge-in: the bot utterance playing now, or the next to start (up to 10 s). */
  private long waitForBotUtteranceStart(int index) throws InterruptedException, StepFailed {
    long start = System.nanoTime();
    List<JsonObject> ev = events();
    int started = count(ev, 0, "bot_utterance_started");
    if (started > count(ev, 0, "bot_utterance_finished")) {
      return System.nanoTime();
    }
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(POLL_MS / 2);
      if (count(events(), 0, "bot_utterance_started") > started) {
        return System.nanoTime();
      }
    }
    throw new StepFailed(new Failure(index, "a bot utterance to talk over", "the bot did not speak within 10 s"));
  }

  // ---- expectations ------------------------------------------------------------------------

  private void expect(ScenarioStep.Expect e) throws InterruptedException, StepFailed {
    Expectations c = e.conditions();
    long deadline = System.nanoTime() + (long) (e.withinS() * 1e9);
    String problem;
    while (true) {
      problem = check(c, events());
      if (problem == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL_MS);
    }
    throw new StepFailed(new Failure(e.index(), describe(c), problem));
  }

  /** Null when every condition that can be judged now holds, else what was seen instead. */
  private String check(Expectations c, List<JsonObject> ev) {
    List<JsonObject> since = ev.subList(Math.min(sinceIndex, ev.size()), ev.size());
    if (c.botSays() != null) {
      String want = norm(c.botSays());
      List<String> said = texts(since, "bot_utterance_started", "text");
      if (said.stream().noneMatch(t -> norm(t).contains(want))) {
        return said.isEmpty() ? "the bot said nothing" : "the bot said " + quoteAll(said);
      }
    }
    if (Boolean.TRUE.equals(c.botResponds()) && count(since, 0, "bot_utterance_started") == 0) {
      return "no bot utterance";
    }
    if (c.intent() != null) {
      List<String> intents = texts(since, "intent", "name");
      if (!intents.contains(c.intent())) {
        return intents.isEmpty() ? "no intent recognized" + heard(since) : "intents " + intents + heard(since);
      }
    }
    if (c.slot() != null) {
      for (var want : c.slot().entrySet()) {
        boolean found = ev.stream().anyMatch(x -> "slot".equals(x.getString("type"))
            && want.getKey().equals(x.getString("name")) && Objects.equals(want.getValue(), str(x.getValue("value"))));
        if (!found) {
          return "slots " + slots(ev);
        }
      }
    }
    JsonObject transfer = last(ev, "transfer");
    if (c.transfer() != null) {
      if (transfer == null) {
        return "no transfer";
      }
      for (String k : List.of("queue", "reason")) {
        String want = c.transfer().get(k);
        if (want != null && !want.equals(transfer.getString(k))) {
          return "transfer with " + k + " '" + transfer.getString(k) + "'";
        }
      }
    }
    String summary = transfer == null ? null : transfer.getString("summary", "");
    if (c.summaryContains() != null || c.summaryContainsAny() != null || c.summaryExcludes() != null) {
      if (summary == null) {
        return "no handoff summary yet";
      }
      String low = summary.toLowerCase(Locale.ROOT);
      if (c.summaryContains() != null) {
        for (String s : c.summaryContains()) {
          if (!low.contains(s.toLowerCase(Locale.ROOT))) {
            return "summary \"" + summary + "\"";
          }
        }
      }
      if (c.summaryContainsAny() != null
          && c.summaryContainsAny().stream().noneMatch(s -> low.contains(s.toLowerCase(Locale.ROOT)))) {
        return "summary \"" + summary + "\"";
      }
      if (c.summaryExcludes() != null
          && c.summaryExcludes().stream().anyMatch(s -> low.contains(s.toLowerCase(Locale.ROOT)))) {
        return "summary \"" + summary + "\"";
      }
    }
    if (c.eventsExclude() != null) {
      for (JsonObject x : ev) {
        String json = x.encode();
        for (String s : c.eventsExclude()) {
          if (json.contains(s)) {
            return "an event containing '" + s + "': " + json;
          }
        }
      }
    }
    double score = latestFrustration(ev);
    if (c.frustrationAbove() != null && !(score > c.frustrationAbove())) {
      return "frustration " + score;
    }
    if (c.frustrationBelow() != null && !(score < c.frustrationBelow())) {
      return "frustration " + score;
    }
    if (c.maxResponseMs() != null) {
      for (long ms : responseMs()) {
        if (ms > c.maxResponseMs()) {
          return "a response after " + ms + " ms (all: " + responseMs() + ")";
        }
      }
    }
    if (c.playbackStoppedWithinMs() != null) {
      if (lastBargeInOnset < 0) {
        return "no barge_in step before this expectation";
      }
      long stopped = ear.soundStoppedAfter(lastBargeInOnset, 5);
      if (stopped < 0) {
        return "the bot's audio did not stop";
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(stopped - lastBargeInOnset);
      if (ms > c.playbackStoppedWithinMs()) {
        return "playback stopped " + ms + " ms after the caller started";
      }
    }
    return null;
  }

  private String endOfCall(Expectations c) {
    List<JsonObject> ev = events();
    JsonObject ended = last(ev, "call_ended");
    if (c.outcome() != null) {
      String got = ended == null ? "(call not ended)" : ended.getString("outcome");
      if (!c.outcome().equals(got)) {
        return "outcome " + got;
      }
    }
    if (Boolean.TRUE.equals(c.noTransfer()) && last(ev, "transfer") != null) {
      return "a transfer (" + last(ev, "transfer").getString("reason") + ")";
    }
    return null;
  }

  /** After the last step: up to 5 s for the gateway to end the call, then the caller hangs up. */
  private void awaitCallEnd() throws InterruptedException {
    if (!waitUntil(() -> ended(events()), 5000)) {
      if (call.end() == null) {
        call.hangup();
      }
      waitUntil(() -> ended(events()), 5000);
    }
  }

  private boolean waitUntil(BooleanSupplier cond, long ms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < deadline) {
      if (cond.getAsBoolean()) {
        return true;
      }
      Thread.sleep(POLL_MS);
    }
    return cond.getAsBoolean();
  }

  private List<Long> responseMs() {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < responseAnchors.size(); i++) {
      long from = responseAnchors.get(i)[0];
      long until = i + 1 < responseAnchors.size() ? responseAnchors.get(i + 1)[0] : Long.MAX_VALUE;
      // The bot still sounding as the caller finished (a caller who talked over a prompt said with
      // barge-in off) is no answer to that turn: no response time for it.
      if (ear.soundBetween(from - TimeUnit.MILLISECONDS.toNanos(60), from)) {
        continue;
      }
      long first = ear.firstSoundBetween(from, until);
      if (first > 0) {
        out.add(TimeUnit.NANOSECONDS.toMillis(first - from));
      }
    }
    return out;
  }

  // ---- event helpers -------------------------------------------------------------------------

  private List<JsonObject> events() {
    return callId.isEmpty() ? List.of() : log.events(callId);
  }

  private int eventCount() {
    return events().size();
  }

  private static boolean ended(List<JsonObject> ev) {
    return last(ev, "call_ended") != null;
  }

  private static int count(List<JsonObject> ev, int from, String type) {
    int n = 0;
    for (int i = Math.min(from, ev.size()); i < ev.size(); i++) {
      if (type.equals(ev.get(i).getString("type"))) {
        n++;
      }
    }
    return n;
  }

  private static JsonObject last(List<JsonObject> ev, String type) {
    for (int i = ev.size() - 1; i >= 0; i--) {
      if (type.equals(ev.get(i).getString("type"))) {
        return ev.get(i);
      }
    }
    return null;
  }

  private static List<String> texts(List<JsonObject> ev, String type, String field) {
    return ev.stream().filter(x -> type.equals(x.getString("type"))).map(x -> str(x.getValue(field))).toList();
  }

  private static String heard(List<JsonObject> ev) {
    List<String> t = ev.stream().filter(x -> "transcript".equals(x.getString("type"))
        && x.getBoolean("final", true)).map(x -> str(x.getValue("text"))).toList();
    return t.isEmpty() ? "" : " (heard " + quoteAll(t) + ")";
  }

  private static String slots(List<JsonObject> ev) {
    JsonObject m = new JsonObject();
    ev.stream().filter(x -> "slot".equals(x.getString("type"))).forEach(x -> m.put(x.getString("name"),
        x.getValue("value")));
    return m.encode();
  }

  private static double latestFrustration(List<JsonObject> ev) {
    JsonObject f = last(ev, "frustration");
    return f == null ? 0 : f.getDouble("score", 0.0);
  }

  static String norm(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]", " ").replaceAll("\\s+", " ").trim();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static String quoteAll(List<String> l) {
    return String.join(" | ", l.stream().map(s -> "\"" + s + "\"").toList());
  }

  private static String describe(Expectations c) {
    JsonObject j = new JsonObject();
    if (c.botSays() != null) j.put("bot_says", c.botSays());
    if (c.botResponds() != null) j.put("bot_responds", c.botResponds());
    if (c.intent() != null) j.put("intent", c.intent());
    if (c.slot() != null) j.put("slot", new JsonObject(Map.copyOf(c.slot())));
    if (c.transfer() != null) j.put("transfer", new JsonObject(Map.copyOf(c.transfer())));
    if (c.summaryContains() != null) j.put("summary_contains", new JsonArray(c.summaryContains()));
    if (c.summaryContainsAny() != null) j.put("summary_contains_any", new JsonArray(c.summaryContainsAny()));
    if (c.summaryExcludes() != null) j.put("summary_excludes", new JsonArray(c.summaryExcludes()));
    if (c.eventsExclude() != null) j.put("events_exclude", new JsonArray(c.eventsExclude()));
    if (c.frustrationAbove() != null) j.put("frustration_above", c.frustrationAbove());
    if (c.frustrationBelow() != null) j.put("frustration_below", c.frustrationBelow());
    if (c.maxResponseMs() != null) j.put("max_response_ms", c.maxResponseMs());
    if (c.playbackStoppedWithinMs() != null) j.put("playback_stopped_within_ms", c.playbackStoppedWithinMs());
    if (c.noTransfer() != null) j.put("no_transfer", c.noTransfer());
    if (c.outcome() != null) j.put("outcome", c.outcome());
    return j.encode();
  }

  private static String describeEnd(Expectations c) {
    return describe(c);
  }

  private static long[] join(java.util.concurrent.CompletableFuture<long[]> f) throws InterruptedException {
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("caller audio did not go out: " + e);
    }
  }

  /** Ends the script at a failed step. */
  private static final class StepFailed extends Exception {
    final Failure failure;

    StepFailed(Failure failure) {
      super(failure.toString(), null, false, false);
      this.failure = failure;
    }
  }
}
