package org.voicebot.testcalls.cli;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.voicebot.testcalls.runner.ScenarioResult;
import org.voicebot.testcalls.runner.ScenarioRunner;
import org.voicebot.testcalls.scenario.Scenario;
import org.voicebot.testcalls.scenario.ScenarioParser;

/**
 * {@code voicebot demo}: the gateway in-process on embedded defaults, a few scripted calls through
 * the Asterisk simulator, each printed as a transcript, the agent briefings written as WAV files.
 */
final class DemoCommand {

  private DemoCommand() {}

  static int run(Path home) throws Exception {
    Path demoDir = home.resolve("test-calls/demo");
    Path out = home.resolve("demo-output");
    Files.createDirectories(out);
    List<Scenario> calls = new ArrayList<>();
    for (Path f : ScenarioParser.find(List.of(demoDir))) {
      calls.add(ScenarioParser.parse(f));
    }
    System.out.println("Starting the voice gateway (MaryTTS, Moonshine and Sphinx4, dialog 'utility-support') and an Asterisk"
        + " simulator...");
    long t0 = System.nanoTime();
    try (Harness h = Harness.start()) {
      System.out.printf("Ready in %.1f s. Placing %d calls; each is spoken in real time.%n%n",
          (System.nanoTime() - t0) / 1e9, calls.size());
      ScenarioRunner runner = new ScenarioRunner(h.vertx, h.sim, h.callLog(), h.gateway.synthesizer(),
          h.gateway.appName());
      int n = 0;
      boolean allPassed = true;
      List<Path> briefings = new ArrayList<>();
      for (Scenario s : calls) {
        n++;
        ScenarioResult r = runner.run(s);
        allPassed &= r.passed();
        System.out.println(Transcript.render(n, s, r.events()));
        Optional<Buffer> wav = h.gateway.summaries().wav(r.callId());
        if (wav.isPresent()) {
          Path f = out.resolve("call-" + n + "-agent-briefing.wav");
          Files.write(f, wav.get().getBytes());
          briefings.add(f);
          System.out.printf("  Agent briefing audio (what the agent hears before the bridge): %s (%.1f s)%n", f,
              (wav.get().length() - 44) / 16000.0);
        }
        if (!r.passed()) {
          System.out.println("  (this call did not go as scripted: " + r.failures().get(0) + ")");
        }
        System.out.println();
      }
      System.out.println("Call records: GET /calls and /calls/{id}/events on the gateway's HTTP API;"
          + " summaries at /calls/{id}/summary.");
      if (briefings.isEmpty()) {
        System.out.println("No call was transferred, so no briefing audio was written.");
        return 1;
      }
      if (!allPassed) {
        System.out.println("Some calls did not follow their script (see the notes above); the transcripts show what"
            + " really happened.");
      }
      return 0;
    }
  }

  /** Turns a call's event log into the lines a person reads. */
  static final class Transcript {
    private Transcript() {}

    static String render(int n, Scenario s, List<JsonObject> events) {
      StringBuilder b = new StringBuilder();
      b.append("── Call ").append(n).append(": ").append(s.description().isEmpty() ? s.name() : s.description())
          .append(" ──\n");
      for (JsonObject e : events) {
        String t = String.format("%6.1fs  ", e.getLong("t_ms", 0L) / 1000.0);
        switch (e.getString("type")) {
          case "call_started" -> b.append(t).append("call from ").append(e.getString("caller_id")).append('\n');
          case "bot_utterance_started" -> b.append(t).append("BOT     ").append(e.getString("text")).append('\n');
          case "bot_utterance_finished" -> {
            if (e.getBoolean("interrupted", false)) {
              b.append(t).append("        (bot interrupted by the caller)\n");
            }
          }
          case "transcript" -> {
            if (!e.getBoolean("final", true)) {
              continue; // partial results: the final one follows
            }
            b.append(t).append("CALLER  \"").append(e.getString("text")).append("\"  (heard, conf ")
                .append(e.getValue("confidence")).append(")\n");
            io.vertx.core.json.JsonArray alternatives = e.getJsonArray("alternatives");
            if (alternatives != null) {
              for (Object a : alternatives) {
                b.append(t).append("        or heard \"").append(a).append("\"\n"); // the second engine's reading
              }
            }
          }
          case "dtmf" -> b.append(t).append("CALLER  pressed ").append(e.getString("digit")).append('\n');
          case "intent" -> b.append(t).append("        intent: ").append(e.getString("name")).append(" (")
              .append(e.getValue("confidence")).append(")\n");
          case "slot" -> b.append(t).append("        slot: ").append(e.getString("name")).append(" = ")
              .append(e.getValue("value")).append('\n');
          case "frustration" -> b.append(t).append("        frustration: ").append(e.getValue("score"))
              .append(cues(e.getJsonArray("cues"))).append('\n');
          case "transfer" -> b.append(t).append("TRANSFER to queue '").append(e.getString("queue"))
              .append("', reason ").append(e.getString("reason")).append('\n')
              .append("         summary for the agent: \"").append(e.getString("summary")).append("\"\n");
          case "call_ended" -> b.append(t).append("call ended: ").append(e.getString("outcome")).append('\n');
          default -> { }
        }
      }
      return b.toString();
    }

    private static String cues(JsonArray cues) {
      return cues == null || cues.isEmpty() ? "" : "  " + cues.encode();
    }
  }
}
