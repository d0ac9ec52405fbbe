package org.voicebot.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every configuration key, its type and its allowed values: the one list the loader checks against. */
final class ConfigSchema {

  enum Kind { STRING, INT, LONG, DOUBLE, BOOLEAN, ENUM, PATH, PORT, WEIGHTS }

  /**
   * @param nullable a YAML null ({@code ~}) means "derive it" (asr.decoders) or "none" (paths)
   * @param allowEmpty an empty string is a valid value
   * @param secret the value is never echoed in a message
   */
  record Key(
      String section,
      String name,
      Kind kind,
      double min,
      double max,
      List<String> allowed,
      boolean nullable,
      boolean allowEmpty,
      boolean secret) {

    String path() {
      return section + "." + name;
    }

    String envName() {
      return ConfigLoader.ENV_PREFIX + upperSnake(section) + "_" + upperSnake(name);
    }
  }

  static final List<Key> KEYS = List.of(
      text("http", "host"),
      port("http", "port"),
      optionalText("http", "publicBaseUrl"),

      bool("ari", "enabled"),
      text("ari", "url"),
      text("ari", "username"),
      new Key("ari", "password", Kind.STRING, 0, 0, List.of(), false, true, true),
      text("ari", "app"),
      integer("ari", "requestTimeoutMs", 100, 120_000),
      integer("ari", "reconnectMinMs", 50, 60_000),
      integer("ari", "reconnectMaxMs", 100, 600_000),

      text("ami", "host"),
      port("ami", "port"),
      optionalText("ami", "username"),
      new Key("ami", "password", Kind.STRING, 0, 0, List.of(), false, true, true),

      text("audiosocket", "host"),
      port("audiosocket", "port"),
      optionalText("audiosocket", "advertisedHost"),
      integer("audiosocket", "maxPayloadBytes", 320, 65_535),

      bool("agi", "enabled"),
      text("agi", "host"),
      port("agi", "port"),

      oneOf("asr", "engine", "auto", "sphinx", "moonshine", "vosk"),
      path("asr", "voskModel"),
      new Key("asr", "decoders", Kind.INT, 1, 64, List.of(), true, false, false),
      bool("asr", "voskGrammar"),
      bool("asr", "grammarPerPrompt"),

      text("tts", "voice"),
      bool("tts", "cachePrompts"),

      path("dialog", "file"),
      text("dialog", "builtIn"),
      optionalText("dialog", "backendUrl"),
      integer("dialog", "backendTimeoutMs", 100, 60_000),

      integer("call", "noInputMs", 1_000, 60_000),
      integer("call", "endpointSilenceMs", 100, 5_000),
      integer("call", "maxUtteranceMs", 1_000, 120_000),
      bool("call", "adaptiveEndOfTurn"),
      integer("call", "endpointCompleteSilenceMs", 100, 5_000),
      integer("call", "endpointDigitsSilenceMs", 100, 10_000),
      bool("call", "bargeIn"),
      decimal("call", "vadThresholdDb", -90, 0),
      text("call", "transferContext"),
      text("call", "transferExtension"),
      integer("call", "transferPriority", 1, 1_000_000),
      new Key("call", "maxCallMs", Kind.LONG, 10_000, 86_400_000, List.of(), false, false, false),

      bool("privacy", "recordAudio"),

      decimal("frustration", "threshold", 0, 1),
      bool("frustration", "offerPersonFirst"),
      decimal("frustration", "reofferMargin", 0, 1),
      new Key("frustration", "weights", Kind.WEIGHTS, 0, 0, List.of(), false, false, false),

      integer("events", "retainedCalls", 0, 1_000_000));

  /** Section name to its keys, in declaration order. */
  static final Map<String, Map<String, Key>> SECTIONS = sections();

  private ConfigSchema() {}

  static Optional<Key> key(String section, String name) {
    Map<String, Key> keys = SECTIONS.get(section);
    return keys == null ? Optional.empty() : Optional.ofNullable(keys.get(name));
  }

  /** {@code endpointSilenceMs} to {@code ENDPOINT_SILENCE_MS}. */
  static String upperSnake(String camel) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        b.append('_');
      }
      b.append(c == '-' ? '_' : Character.toUpperCase(c));
    }
    return b.toString();
  }

  /** The closest candidate to a mistyped name, if one is close enough to be worth suggesting. */
  static Optional<String> didYouMean(String wrong, Iterable<String> candidates) {
    String w = normalize(wrong);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = normalize(c).equals(w) ? 0 : levenshtein(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, wrong.length() / 3));
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Edit distance counting an adjacent transposition ("prot" for "port") as one edit. */
  private static int levenshtein(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static Map<String, Map<String, Key>> sections() {
    Map<String, Map<String, Key>> m = new LinkedHashMap<>();
    for (Key k : KEYS) {
      m.computeIfAbsent(k.section(), s -> new LinkedHashMap<>()).put(k.name(), k);
    }
    return m;
  }

  private static Key text(String s, String n) {
    return new Key(s, n, Kind.STRING, 0, 0, List.of(), false, false, false);
  }

  private static Key optionalText(String s, String n) {
    return new Key(s, n, Kind.STRING, 0, 0, List.of(), false, true, false);
  }

  private static Key bool(String s, String n) {
    return new Key(s, n, Kind.BOOLEAN, 0, 0, List.of(), false, false, false);
  }

  private static Key integer(String s, String n, long min, long max) {
    return new Key(s, n, Kind.INT, min, max, List.of(), false, false, false);
  }

  private static Key decimal(String s, String n, double min, double max) {
    return new Key(s, n, Kind.DOUBLE, min, max, List.of(), false, false, false);
  }

  private static Key port(String s, String n) {
    return new Key(s, n, Kind.PORT, 1, 65_535, List.of(), false, false, false);
  }

  private static Key path(String s, String n) {
    return new Key(s, n, Kind.PATH, 0, 0, List.of(), true, true, false);
  }

  private static Key oneOf(String s, String n, String... values) {
    return new Key(s, n, Kind.ENUM, 0, 0, new ArrayList<>(List.of(values)), false, false, false);
  }
}
