package org.voicebot.testcalls.scenario;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads scenario files strictly: a key the format does not know is an error naming the file, the step
 * and the key, so a typo never turns into a check that silently passes.
 */
public final class ScenarioParser {

  private static final Set<String> TOP_KEYS =
      Set.of("name", "description", "entry", "caller_id", "language", "timeout_s", "steps");
  private static final Set<String> SPEECH_KEYS = Set.of("gain_db", "barge_in", "after_ms");
  private static final Set<String> EXPECT_KEYS = Set.of("bot_says", "bot_responds", "intent", "slot", "transfer",
      "summary_contains", "summary_contains_any", "summary_excludes", "events_exclude", "frustration_above",
      "frustration_below", "no_transfer", "outcome", "max_response_ms", "playback_stopped_within_ms", "within_s");
  private static final Set<String> REASONS =
      Set.of("caller_request", "frustration", "repeated_failure", "sensitive_topic", "system_error", "policy");
  private static final Set<String> OUTCOMES = Set.of("resolved", "transferred", "abandoned", "failed");

  private ScenarioParser() {}

  /** Every {@code *.yaml} under the paths (files or folders, recursively), sorted. */
  public static List<Path> find(List<Path> paths) throws ScenarioException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new ScenarioException(p + ": cannot read folder: " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new ScenarioException(p + ": no such scenario file or folder");
      }
    }
    return out;
  }

  public static Scenario parse(Path file) throws ScenarioException {
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read: " + e.getMessage());
    } catch (YAMLException e) {
      throw new ScenarioException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    Ctx ctx = new Ctx(file, "top level");
    Map<String, Object> top = ctx.map(root, "the file");
    ctx.onlyKeys(top, TOP_KEYS);
    String name = ctx.requiredString(top, "name");
    String entryText = ctx.optString(top, "entry", "ari").toLowerCase(Locale.ROOT);
    Scenario.Entry entry = switch (entryText) {
      case "ari" -> Scenario.Entry.ARI;
      case "agi" -> Scenario.Entry.AGI;
      default -> throw ctx.error("entry", "'" + entryText + "' is not one of ari, agi");
    };
    int timeout = ctx.optInt(top, "timeout_s", 120, 1, 3600);
    Object stepsNode = top.get("steps");
    if (!(stepsNode instanceof List<?> rawSteps) || rawSteps.isEmpty()) {
      throw ctx.error("steps", "must be a non-empty list of steps");
    }
    List<ScenarioStep> steps = new ArrayList<>();
    for (int i = 0; i < rawSteps.size(); i++) {
      steps.add(step(new Ctx(file, "step " + (i + 1)), i + 1, rawSteps.get(i)));
    }
    return new Scenario(file, name, ctx.optString(top, "description", ""), entry,
        ctx.optString(top, "caller_id", "+15550000000"), ctx.optString(top, "language", "en-US"), timeout,
        List.copyOf(steps));
  }

  private static ScenarioStep step(Ctx ctx, int index, Object node) throws ScenarioException {
    Map<String, Object> m = ctx.map(node, "a step");
    if (m.containsKey("say")) {
      ctx.onlyKeys(m, union(Set.of("say"), SPEECH_KEYS));
      return new ScenarioStep.Say(index, ctx.requiredString(m, "say"), speech(ctx, m));
    }
    if (m.containsKey("audio")) {
      ctx.onlyKeys(m, union(Set.of("audio"), SPEECH_KEYS));
      Path audio = ctx.file.toAbsolutePath().getParent().resolve(ctx.requiredString(m, "audio"));
      if (!Files.isRegularFile(audio)) {
        throw ctx.error("audio", "file " + audio + " does not exist");
      }
      return new ScenarioStep.PlayAudio(index, audio, speech(ctx, m));
    }
    if (m.containsKey("dtmf")) {
      ctx.onlyKeys(m, Set.of("dtmf", "wait"));
      String digits = ctx.requiredString(m, "dtmf");
      if (!digits.matches("[0-9*#A-Da-d]+")) {
        throw ctx.error("dtmf", "'" + digits + "' has characters that are not keypad digits (0-9 * # A-D)");
      }
      return new ScenarioStep.Dtmf(index, digits.toUpperCase(Locale.ROOT), ctx.optBool(m, "wait", false));
    }
    if (m.containsKey("silence")) {
      ctx.onlyKeys(m, Set.of("silence"));
      return new ScenarioStep.Silence(index, ctx.number(m, "silence", 0, 600));
    }
    if (m.containsKey("hangup")) {
      ctx.onlyKeys(m, Set.of("hangup"));
      if (!Boolean.TRUE.equals(m.get("hangup"))) {
        throw ctx.error("hangup", "must be true");
      }
      return new ScenarioStep.Hangup(index);
    }
    if (m.containsKey("expect")) {
      ctx.onlyKeys(m, Set.of("expect"));
      return expect(ctx, index, ctx.map(m.get("expect"), "expect"));
    }
    throw ctx.error(m.isEmpty() ? "(none)" : m.keySet().iterator().next(),
        "unknown step (allowed: say, audio, dtmf, silence, hangup, expect)");
  }

  private static ScenarioStep.Speech speech(Ctx ctx, Map<String, Object> m) throws ScenarioException {
    double gain = m.containsKey("gain_db") ? ctx.number(m, "gain_db", -60, 40) : 0;
    boolean bargeIn = ctx.optBool(m, "barge_in", false);
    if (m.containsKey("after_ms") && !bargeIn) {
      throw ctx.error("after_ms", "only makes sense with barge_in: true");
    }
    return new ScenarioStep.Speech(gain, bargeIn, ctx.optInt(m, "after_ms", 300, 0, 60000));
  }

  private static ScenarioStep expect(Ctx ctx, int index, Map<String, Object> e) throws ScenarioException {
    ctx.onlyKeys(e, EXPECT_KEYS, "expect.");
    if (e.isEmpty() || (e.size() == 1 && e.containsKey("within_s"))) {
      throw ctx.error("expect", "has no condition");
    }
    Map<String, String> transfer = null;
    if (e.containsKey("transfer")) {
      Object t = e.get("transfer");
      transfer = t == null ? Map.of() : ctx.stringMap(t, "expect.transfer");
      for (String k : transfer.keySet()) {
        if (!k.equals("queue") && !k.equals("reason")) {
          throw ctx.error("expect.transfer." + k, "unknown key (allowed: queue, reason)");
        }
      }
      String reason = transfer.get("reason");
      if (reason != null && !REASONS.contains(reason)) {
        throw ctx.error("expect.transfer.reason", "'" + reason + "' is not one of " + String.join(", ", sorted(REASONS)));
      }
    }
    String outcome = e.containsKey("outcome") ? ctx.requiredString(e, "outcome") : null;
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw ctx.error("expect.outcome", "'" + outcome + "' is not one of " + String.join(", ", sorted(OUTCOMES)));
    }
    var conditions = new ScenarioStep.Expectations(
        e.containsKey("bot_says") ? ctx.requiredString(e, "bot_says") : null,
        e.containsKey("bot_responds") ? ctx.optBool(e, "bot_responds", true) : null,
        e.containsKey("intent") ? ctx.requiredString(e, "intent") : null,
        e.containsKey("slot") ? ctx.stringMap(e.get("slot"), "expect.slot") : null,
        transfer,
        ctx.stringList(e, "summary_contains"),
        ctx.stringList(e, "summary_contains_any"),
        ctx.stringList(e, "summary_excludes"),
        ctx.stringList(e, "events_exclude"),
        e.containsKey("frustration_above") ? ctx.number(e, "frustration_above", 0, 1) : null,
        e.containsKey("frustration_below") ? ctx.number(e, "frustration_below", 0, 1) : null,
        e.containsKey("no_transfer") ? ctx.optBool(e, "no_transfer", true) : null,
        outcome,
        e.containsKey("max_response_ms") ? ctx.optInt(e, "max_response_ms", 0, 1, 600000) : null,
        e.containsKey("playback_stopped_within_ms") ? ctx.optInt(e, "playback_stopped_within_ms", 0, 1, 60000) : null);
    double within = e.containsKey("within_s") ? ctx.number(e, "within_s", 0, 3600) : 10;
    return new ScenarioStep.Expect(index, within, conditions);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var s = new java.util.HashSet<>(a);
    s.addAll(b);
    return s;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  /** Where we are in the file, to make every error message name it. */
  private record Ctx(Path file, String where) {

    ScenarioException error(String key, String what) {
      return new ScenarioException(file + ": " + where + ": key '" + key + "': " + what);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object node, String what) throws ScenarioException {
      if (!(node instanceof Map<?, ?> m)) {
        throw new ScenarioException(file + ": " + where + ": " + what + " must be a map of keys");
      }
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw new ScenarioException(file + ": " + where + ": key " + k + " is not a string");
        }
      }
      return (Map<String, Object>) m;
    }

    void onlyKeys(Map<String, Object> m, Set<String> allowed) throws ScenarioException {
      onlyKeys(m, allowed, "");
    }

    void onlyKeys(Map<String, Object> m, Set<String> allowed, String prefix) throws ScenarioException {
      for (String k : m.keySet()) {
        if (!allowed.contains(k)) {
          throw error(prefix + k, "unknown key (allowed: " + String.join(", ", sorted(allowed)) + ")");
        }
      }
    }

    String requiredString(Map<String, Object> m, String key) throws ScenarioException {
      Object v = m.get(key);
      if (v == null) {
        throw error(key, "is required");
      }
      if (v instanceof Boolean) {
        throw error(key, "YAML read this as a boolean: quote it (\"" + (((Boolean) v) ? "yes" : "no") + "\")");
      }
      if (v instanceof Map || v instanceof List) {
        throw error(key, "must be text");
      }
      return v.toString();
    }

    String optString(Map<String, Object> m, String key, String def) throws ScenarioException {
      return m.containsKey(key) ? requiredString(m, key) : def;
    }

    boolean optBool(Map<String, Object> m, String key, boolean def) throws ScenarioException {
      Object v = m.get(key);
      if (v == null) {
        return def;
      }
      if (!(v instanceof Boolean b)) {
        throw error(key, "must be true or false");
      }
      return b;
    }

    int optInt(Map<String, Object> m, String key, int def, int min, int max) throws ScenarioException {
      if (!m.containsKey(key)) {
        return def;
      }
      Object v = m.get(key);
      if (!(v instanceof Integer i)) {
        throw error(key, "must be a whole number");
      }
      if (i < min || i > max) {
        throw error(key, i + " is out of range (allowed: " + min + ".." + max + ")");
      }
      return i;
    }

    double number(Map<String, Object> m, String key, double min, double max) throws ScenarioException {
      Object v = m.get(key);
      if (!(v instanceof Number n)) {
        throw error(key, "must be a number");
      }
      double d = n.doubleValue();
      if (d < min || d > max) {
        throw error(key, d + " is out of range (allowed: " + min + ".." + max + ")");
      }
      return d;
    }

    Map<String, String> stringMap(Object node, String key) throws ScenarioException {
      if (!(node instanceof Map<?, ?> m)) {
        throw error(key, "must be a map");
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (var e : m.entrySet()) {
        if (e.getValue() instanceof Boolean) {
          throw error(key + "." + e.getKey(), "YAML read this as a boolean: quote the value");
        }
        out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
      }
      return out;
    }

    List<String> stringList(Map<String, Object> m, String key) throws ScenarioException {
      if (!m.containsKey(key)) {
        return null;
      }
      Object v = m.get(key);
      if (!(v instanceof List<?> l) || l.isEmpty()) {
        throw error("expect." + key, "must be a non-empty list of texts");
      }
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        out.add(String.valueOf(o));
      }
      return out;
    }
  }
}
