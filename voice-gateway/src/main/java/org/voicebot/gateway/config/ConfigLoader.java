package org.voicebot.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.voicebot.gateway.config.ConfigSchema.Key;
import org.voicebot.gateway.config.ConfigSchema.Kind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the configuration in three layers, each beating the one before: the classpath defaults
 * {@value #DEFAULTS_RESOURCE}, the user's YAML file (any subset of keys, deep-merged), then environment
 * variables {@code VOICEBOT_<SECTION>_<KEY_IN_UPPER_SNAKE>}. Then validates everything at once and
 * throws a {@link ConfigException} listing every problem by key.
 *
 * <p>YAML keys are camelCase. Environment variables with the {@code VOICEBOT_} prefix whose next word
 * is not a section name (say {@code VOICEBOT_HOME}) are left alone; inside a known section an unknown
 * key is an error. Relative paths in the YAML file are resolved against the file's folder.
 */
public final class ConfigLoader {

  public static final String DEFAULTS_RESOURCE = "voicebot-defaults.yaml";
  public static final String ENV_PREFIX = "VOICEBOT_";

  private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** A value from the environment: text to parse according to the key's type. */
  private record EnvValue(String raw) {}

  /** A path from the YAML file, to resolve against the file's folder. */
  private record FilePath(String raw, Path baseDir) {}

  private final Map<String, Map<String, Object>> tree = new LinkedHashMap<>();
  /** Dotted key to where its value came from, for messages; absent for the defaults. */
  private final Map<String, String> sources = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final boolean allowEphemeralPorts;

  private ConfigLoader(boolean allowEphemeralPorts) {
    this.allowEphemeralPorts = allowEphemeralPorts;
  }

  /**
   * @param yamlFile the user's configuration file, if any
   * @param env the environment, normally {@code System.getenv()}
   * @throws ConfigException naming every bad key, its value and what is allowed
   */
  public static GatewayConfig load(Optional<Path> yamlFile, Map<String, String> env) {
    ConfigLoader loader = new ConfigLoader(false);
    loader.readDefaults();
    yamlFile.ifPresent(loader::readFile);
    loader.applyEnv(env);
    return loader.build();
  }

  static GatewayConfig embedded() {
    ConfigLoader loader = new ConfigLoader(true);
    loader.readDefaults();
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("http", Map.of("port", 0));
    profile.put("ari", Map.of("password", "voicebot"));
    profile.put("audiosocket", Map.of("port", 0));
    profile.put("agi", Map.of("port", 0));
    loader.merge(profile, "set by the embedded profile", null);
    return loader.build();
  }

  // ---------------------------------------------------------------- reading

  private void readDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException(DEFAULTS_RESOURCE + ": not found on the classpath");
      }
      Map<String, Object> defaults = parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULTS_RESOURCE);
      merge(defaults, null, null);
      // The defaults must name every key: a key missing here would silently be null.
      for (Key k : ConfigSchema.KEYS) {
        Map<String, Object> section = tree.get(k.section());
        if (section == null || !section.containsKey(k.name())) {
          problems.add(k.path() + ": missing from " + DEFAULTS_RESOURCE + " (a build error)");
        }
      }
      throwIfProblems();
    } catch (IOException e) {
      throw new ConfigException(DEFAULTS_RESOURCE + ": cannot be read: " + e.getMessage());
    }
  }

  private void readFile(Path file) {
    Map<String, Object> user;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      user = parse(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException("configuration file " + file + ": not found");
    } catch (IOException e) {
      throw new ConfigException("configuration file " + file + ": cannot be read: " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    merge(user, "set in " + file, base);
    throwIfProblems();
  }

  private Map<String, Object> parse(Reader reader, String what) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).load(reader);
    } catch (YAMLException e) {
      throw new ConfigException(what + ": not valid YAML: " + e.getMessage().replace('\n', ' ').replaceAll(" +", " "));
    }
    if (doc == null) {
      return Map.of();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException(what + ": expected sections (http:, ari:, ...) at the top level, got " + describe(doc, false));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return typed;
  }

  /**
   * Deep-merges a parsed document over the tree, checking its keys against the schema.
   *
   * @param source where the values come from, for messages; null for the defaults
   * @param baseDir the folder against which relative paths resolve; null when not from a file
   */
  private void merge(Map<?, ?> doc, String source, Path baseDir) {
    for (Map.Entry<?, ?> sectionEntry : doc.entrySet()) {
      String sectionName = String.valueOf(sectionEntry.getKey());
      Map<String, Key> keys = ConfigSchema.SECTIONS.get(sectionName);
      if (keys == null) {
        problems.add(sectionName + ": unknown section" + suggestion(sectionName, ConfigSchema.SECTIONS.keySet(), "")
            + " (sections: " + String.join(", ", ConfigSchema.SECTIONS.keySet()) + ")" + from(source));
        continue;
      }
      Object body = sectionEntry.getValue();
      if (body == null) {
        continue;
      }
      if (!(body instanceof Map<?, ?> entries)) {
        problems.add(sectionName + ": expected a map of keys, got " + describe(body, false) + from(source));
        continue;
      }
      Map<String, Object> target = tree.computeIfAbsent(sectionName, s -> new LinkedHashMap<>());
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        String name = String.valueOf(e.getKey());
        Key key = keys.get(name);
        if (key == null) {
          problems.add(sectionName + "." + name + ": unknown key"
              + suggestion(name, keys.keySet(), sectionName + ".") + from(source));
          continue;
        }
        Object value = e.getValue();
        if (key.kind() == Kind.WEIGHTS && value instanceof Map<?, ?> weights
            && target.get(name) instanceof Map<?, ?> existing) {
          Map<Object, Object> merged = new LinkedHashMap<>(existing);
          merged.putAll(weights);
          value = merged;
          if (source != null) {
            weights.keySet().forEach(w -> sources.put(key.path() + "." + w, source));
          }
        }
        if (key.kind() == Kind.PATH && value instanceof String s && baseDir != null) {
          value = new FilePath(s, baseDir);
        }
        target.put(name, value);
        if (source != null) {
          sources.put(key.path(), source);
        }
      }
    }
  }

  private void applyEnv(Map<String, String> env) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String var = e.getKey();
      if (!var.startsWith(ENV_PREFIX)) {
        continue;
      }
      String rest = var.substring(ENV_PREFIX.length());
      String section = null;
      for (String s : ConfigSchema.SECTIONS.keySet()) {
        if (rest.startsWith(ConfigSchema.upperSnake(s) + "_")) {
          section = s;
        }
      }
      if (section == null) {
        continue; // not ours: VOICEBOT_HOME, VOICEBOT_OPTS, ...
      }
      String keyPart = rest.substring(ConfigSchema.upperSnake(section).length() + 1);
      Map<String, Object> target = tree.computeIfAbsent(section, s -> new LinkedHashMap<>());
      Key match = null;
      for (Key k : ConfigSchema.SECTIONS.get(section).values()) {
        if (ConfigSchema.upperSnake(k.name()).equals(keyPart)) {
          match = k;
        }
      }
      if (match != null && match.kind() != Kind.WEIGHTS) {
        target.put(match.name(), new EnvValue(e.getValue()));
        sources.put(match.path(), "set by " + var);
        continue;
      }
      if (section.equals("frustration") && keyPart.startsWith("WEIGHTS_") && keyPart.length() > 8) {
        setWeightFromEnv(target, keyPart.substring(8), e.getValue(), var);
        continue;
      }
      List<String> envNames = ConfigSchema.SECTIONS.get(section).values().stream()
          .filter(k -> k.kind() != Kind.WEIGHTS).map(Key::envName).toList();
      problems.add(var + ": no such configuration key in section " + section
          + ConfigSchema.didYouMean(var, envNames).map(s -> " (did you mean " + s + "?)").orElse(""));
    }
  }

  /**
   * {@code VOICEBOT_FRUSTRATION_WEIGHTS_RAISED_VOICE} sets the weight {@code raisedVoice} (camelCase, like
   * every key), or an already present weight whose name has the same upper-snake form.
   */
  private void setWeightFromEnv(Map<String, Object> section, String upperName, String raw, String var) {
    Map<Object, Object> weights = new LinkedHashMap<>();
    if (section.get("weights") instanceof Map<?, ?> existing) {
      weights.putAll(existing);
    }
    String name = lowerCamel(upperName);
    for (Object k : weights.keySet()) {
      if (ConfigSchema.upperSnake(String.valueOf(k)).equals(upperName)) {
        name = String.valueOf(k);
      }
    }
    weights.put(name, new EnvValue(raw));
    section.put("weights", weights);
    sources.put("frustration.weights." + name, "set by " + var);
  }

  // ---------------------------------------------------------------- validating

  private GatewayConfig build() {
    Map<String, Object> v = new HashMap<>();
    for (Key k : ConfigSchema.KEYS) {
      Object raw = tree.getOrDefault(k.section(), Map.of()).get(k.name());
      Object converted = convert(k, raw);
      if (converted != null) {
        v.put(k.path(), converted);
      }
    }
    throwIfProblems();
    crossCheck(v);
    throwIfProblems();
    return assemble(v);
  }

  private Object convert(Key k, Object raw) {
    String where = from(sources.get(k.path()));
    String shown = k.secret() ? "the value" : null;
    if (raw == null) {
      if (k.nullable()) {
        return Optional.empty(); // "none" for paths, "derive it" for asr.decoders
      }
      problems.add(k.path() + ": no value (expected " + expected(k) + ")" + where);
      return null;
    }
    Object value = raw instanceof EnvValue ev ? ev.raw() : raw;
    boolean fromEnv = raw instanceof EnvValue;
    switch (k.kind()) {
      case STRING -> {
        String s;
        if (value instanceof String str) {
          s = str;
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
          s = value.toString(); // an unquoted extension such as 100
        } else {
          problems.add(k.path() + ": expected text, got " + describe(value, k.secret()) + where);
          return null;
        }
        if (s.isBlank() && !k.allowEmpty()) {
          problems.add(k.path() + ": must not be empty" + where);
          return null;
        }
        return s.trim().isEmpty() && k.allowEmpty() ? "" : (k.secret() ? s : s.trim());
      }
      case INT, LONG, PORT -> {
        BigInteger n = integerOf(value, fromEnv);
        if (n == null) {
          problems.add(k.path() + ": expected an integer (" + range(k) + "), got "
              + (shown != null ? shown : describe(value, false)) + where);
          return null;
        }
        double min = k.kind() == Kind.PORT && allowEphemeralPorts ? 0 : k.min();
        if (n.compareTo(BigInteger.valueOf((long) min)) < 0 || n.compareTo(BigInteger.valueOf((long) k.max())) > 0) {
          problems.add(k.path() + ": " + n + " is out of range (allowed: " + (long) min + ".." + (long) k.max() + ")" + where);
          return null;
        }
        return k.kind() == Kind.LONG ? (Object) n.longValue() : (Object) n.intValue();
      }
      case DOUBLE -> {
        Double d = doubleOf(value, fromEnv);
        if (d == null) {
          problems.add(k.path() + ": expected a number (" + range(k) + "), got " + describe(value, false) + where);
          return null;
        }
        if (!(d >= k.min() && d <= k.max())) {
          problems.add(k.path() + ": " + fmt(d) + " is out of range (allowed: " + range(k) + ")" + where);
          return null;
        }
        return d;
      }
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          return b;
        }
        if (fromEnv && (value.toString().equalsIgnoreCase("true") || value.toString().equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(value.toString());
        }
        problems.add(k.path() + ": " + (fromEnv ? "'" + value + "' is not one of true, false"
            : "expected true or false, got " + describe(value, false)) + where);
        return null;
      }
      case ENUM -> {
        if (!(value instanceof String s)) {
          problems.add(k.path() + ": expected one of " + String.join(", ", k.allowed()) + ", got "
              + describe(value, false) + where);
          return null;
        }
        if (!k.allowed().contains(s.trim())) {
          problems.add(k.path() + ": '" + s + "' is not one of " + String.join(", ", k.allowed()) + where);
          return null;
        }
        return s.trim();
      }
      case PATH -> {
        String s;
        Path base = null;
        if (value instanceof FilePath fp) {
          s = fp.raw();
          base = fp.baseDir();
        } else if (value instanceof String str) {
          s = str;
        } else {
          problems.add(k.path() + ": expected a path, got " + describe(value, false) + where);
          return null;
        }
        if (s.isBlank()) {
          return Optional.empty();
        }
        try {
          Path p = Path.of(s.trim());
          return Optional.of(base != null && !p.isAbsolute() ? base.resolve(p).normalize() : p);
        } catch (RuntimeException e) {
          problems.add(k.path() + ": '" + s + "' is not a valid path" + where);
          return null;
        }
      }
      case WEIGHTS -> {
        if (!(value instanceof Map<?, ?> map)) {
          problems.add(k.path() + ": expected a map of cue name to number, got " + describe(value, false) + where);
          return null;
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String name = String.valueOf(e.getKey());
          Object w = e.getValue();
          boolean env = w instanceof EnvValue;
          Double d = doubleOf(env ? ((EnvValue) w).raw() : w, env);
          String wWhere = from(sources.get(k.path() + "." + name));
          if (name.isBlank()) {
            problems.add(k.path() + ": a cue name must not be empty" + wWhere);
          } else if (d == null || d.isNaN() || d.isInfinite()) {
            problems.add(k.path() + "." + name + ": expected a number, got "
                + describe(env ? ((EnvValue) w).raw() : w, false) + wWhere);
          } else {
            weights.put(name, d);
          }
        }
        return weights;
      }
      default -> throw new IllegalStateException(k.kind().toString());
    }
  }

  private void crossCheck(Map<String, Object> v) {
    boolean ariEnabled = (Boolean) v.get("ari.enabled");
    if (ariEnabled && ((String) v.get("ari.password")).isEmpty()) {
      problems.add("ari.password: must be set when ari.enabled is true (set it in the file or in "
          + "VOICEBOT_ARI_PASSWORD; it must match ari.conf)");
    }
    if (!((String) v.get("ami.username")).isEmpty() && ((String) v.get("ami.password")).isEmpty()) {
      problems.add("ami.password: must be set when ami.username is set (set it in the file or in "
          + "VOICEBOT_AMI_PASSWORD; it must match that user's secret in manager.conf)");
    }
    int min = (Integer) v.get("ari.reconnectMinMs");
    int max = (Integer) v.get("ari.reconnectMaxMs");
    if (max < min) {
      problems.add("ari.reconnectMaxMs: " + max + " is less than ari.reconnectMinMs (" + min + ")"
          + from(sources.get("ari.reconnectMaxMs")));
    }
    // The adaptive silences must bracket the normal one. Only a value set on purpose is an error; a default
    // left as it is follows a changed endpointSilenceMs (clamped where the call settings are built).
    int complete = (Integer) v.get("call.endpointCompleteSilenceMs");
    int normal = (Integer) v.get("call.endpointSilenceMs");
    int digits = (Integer) v.get("call.endpointDigitsSilenceMs");
    if (complete > normal && sources.containsKey("call.endpointCompleteSilenceMs")) {
      problems.add("call.endpointCompleteSilenceMs: " + complete + " is more than call.endpointSilenceMs (" + normal
          + "); the silence after a complete answer must not be longer than the normal one"
          + from(sources.get("call.endpointCompleteSilenceMs")));
    }
    if (digits < normal && sources.containsKey("call.endpointDigitsSilenceMs")) {
      problems.add("call.endpointDigitsSilenceMs: " + digits + " is less than call.endpointSilenceMs (" + normal
          + "); the silence while digits are still coming must not be shorter than the normal one"
          + from(sources.get("call.endpointDigitsSilenceMs")));
    }
    checkUrl("ari.url", v);
    if (!APP_NAME.matcher((String) v.get("ari.app")).matches()) {
      problems.add("ari.app: '" + v.get("ari.app") + "' may only contain letters, digits, '.', '_' and '-'"
          + from(sources.get("ari.app")));
    }

    String httpHost = (String) v.get("http.host");
    int httpPort = (Integer) v.get("http.port");
    if (((String) v.get("http.publicBaseUrl")).isEmpty()) {
      if (isWildcard(httpHost)) {
        problems.add("http.publicBaseUrl: must be set when http.host is " + httpHost
            + " (Asterisk needs an address it can reach)");
      } else if (httpPort != 0) {
        v.put("http.publicBaseUrl", "http://" + urlHost(httpHost) + ":" + httpPort);
      }
    } else {
      checkUrl("http.publicBaseUrl", v);
    }

    String asHost = (String) v.get("audiosocket.host");
    int asPort = (Integer) v.get("audiosocket.port");
    String advertised = (String) v.get("audiosocket.advertisedHost");
    if (advertised.isEmpty()) {
      if (isWildcard(asHost)) {
        problems.add("audiosocket.advertisedHost: must be set when audiosocket.host is " + asHost
            + " (Asterisk needs an address it can reach)");
      } else if (asPort != 0) {
        v.put("audiosocket.advertisedHost", urlHost(asHost) + ":" + asPort);
      }
    } else {
      int colon = advertised.lastIndexOf(':');
      Integer p = null;
      try {
        p = colon > 0 ? Integer.parseInt(advertised.substring(colon + 1)) : null;
      } catch (NumberFormatException ignored) {
        // reported below
      }
      if (p == null || p < 1 || p > 65_535) {
        problems.add("audiosocket.advertisedHost: '" + advertised + "' is not host:port with a port in 1..65535"
            + from(sources.get("audiosocket.advertisedHost")));
      }
    }

    if (!((String) v.get("dialog.backendUrl")).isEmpty()) {
      checkUrl("dialog.backendUrl", v);
    }

    List<String[]> listeners = new ArrayList<>();
    listeners.add(new String[] {"http.port", httpHost, String.valueOf(httpPort)});
    listeners.add(new String[] {"audiosocket.port", asHost, String.valueOf(asPort)});
    if ((Boolean) v.get("agi.enabled")) {
      listeners.add(new String[] {"agi.port", (String) v.get("agi.host"), String.valueOf(v.get("agi.port"))});
    }
    for (int i = 0; i < listeners.size(); i++) {
      for (int j = 0; j < i; j++) {
        String[] a = listeners.get(j);
        String[] b = listeners.get(i);
        boolean sameHost = a[1].equals(b[1]) || isWildcard(a[1]) || isWildcard(b[1]);
        if (!b[2].equals("0") && b[2].equals(a[2]) && sameHost) {
          problems.add(b[0] + ": " + b[2] + " is already used by " + a[0] + from(sources.get(b[0])));
        }
      }
    }

    @SuppressWarnings("unchecked")
    Optional<Path> vosk = (Optional<Path>) v.get("asr.voskModel");
    if ("vosk".equals(v.get("asr.engine")) && vosk.isEmpty()) {
      problems.add("asr.voskModel: required when asr.engine is vosk (the folder of a downloaded Vosk model)");
    }
    vosk.filter(p -> !Files.isDirectory(p)).ifPresent(p ->
        problems.add("asr.voskModel: '" + p + "' is not a folder" + from(sources.get("asr.voskModel"))));
    @SuppressWarnings("unchecked")
    Optional<Path> dialogFile = (Optional<Path>) v.get("dialog.file");
    dialogFile.filter(p -> !Files.isRegularFile(p)).ifPresent(p ->
        problems.add("dialog.file: '" + p + "' does not exist or is not a file" + from(sources.get("dialog.file"))));
  }

  private void checkUrl(String key, Map<String, Object> v) {
    String url = (String) v.get(key);
    boolean ok;
    try {
      URI u = new URI(url);
      ok = ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
    } catch (URISyntaxException e) {
      ok = false;
    }
    if (!ok) {
      problems.add(key + ": '" + url + "' is not an http:// or https:// URL with a host" + from(sources.get(key)));
    } else {
      v.put(key, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
  }

  @SuppressWarnings("unchecked")
  private GatewayConfig assemble(Map<String, Object> v) {
    Optional<Integer> decoders = v.get("asr.decoders") instanceof Integer i ? Optional.of(i) : Optional.empty();
    return new GatewayConfig(
        new GatewayConfig.Http((String) v.get("http.host"), (Integer) v.get("http.port"),
            (String) v.get("http.publicBaseUrl")),
        new GatewayConfig.Ari((Boolean) v.get("ari.enabled"), (String) v.get("ari.url"),
            (String) v.get("ari.username"), (String) v.get("ari.password"), (String) v.get("ari.app"),
            (Integer) v.get("ari.requestTimeoutMs"), (Integer) v.get("ari.reconnectMinMs"),
            (Integer) v.get("ari.reconnectMaxMs")),
        new GatewayConfig.AudioSocket((String) v.get("audiosocket.host"), (Integer) v.get("audiosocket.port"),
            (String) v.get("audiosocket.advertisedHost"), (Integer) v.get("audiosocket.maxPayloadBytes")),
        new GatewayConfig.Agi((Boolean) v.get("agi.enabled"), (String) v.get("agi.host"), (Integer) v.get("agi.port")),
        new GatewayConfig.Asr(
            GatewayConfig.AsrEngine.valueOf(((String) v.get("asr.engine")).toUpperCase(Locale.ROOT)),
            (Optional<Path>) v.get("asr.voskModel"),
            decoders.orElse(Math.min(64, Runtime.getRuntime().availableProcessors())),
            (Boolean) v.get("asr.voskGrammar"),
            (Boolean) v.get("asr.grammarPerPrompt")),
        new GatewayConfig.Tts((String) v.get("tts.voice"), (Boolean) v.get("tts.cachePrompts")),
        new GatewayConfig.Dialog((Optional<Path>) v.get("dialog.file"), (String) v.get("dialog.builtIn"),
            (String) v.get("dialog.backendUrl"), (Integer) v.get("dialog.backendTimeoutMs")),
        new GatewayConfig.Call((Integer) v.get("call.noInputMs"), (Integer) v.get("call.endpointSilenceMs"),
            (Integer) v.get("call.maxUtteranceMs"), (Boolean) v.get("call.bargeIn"),
            (Double) v.get("call.vadThresholdDb"), (String) v.get("call.transferContext"),
            (String) v.get("call.transferExtension"), (Integer) v.get("call.transferPriority"),
            (Long) v.get("call.maxCallMs"), (Boolean) v.get("call.adaptiveEndOfTurn"),
            (Integer) v.get("call.endpointCompleteSilenceMs"), (Integer) v.get("call.endpointDigitsSilenceMs")),
        new GatewayConfig.Privacy((Boolean) v.get("privacy.recordAudio")),
        new GatewayConfig.Frustration((Double) v.get("frustration.threshold"),
            (Map<String, Double>) v.get("frustration.weights"), (Boolean) v.get("frustration.offerPersonFirst"),
            (Double) v.get("frustration.reofferMargin")),
        new GatewayConfig.Events((Integer) v.get("events.retainedCalls")),
        new GatewayConfig.Ami((String) v.get("ami.host"), (Integer) v.get("ami.port"),
            (String) v.get("ami.username"), (String) v.get("ami.password")));
  }

  // ---------------------------------------------------------------- helpers

  private void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static BigInteger integerOf(Object value, boolean fromEnv) {
    if (value instanceof Integer || value instanceof Long) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      return b;
    }
    if (fromEnv) {
      try {
        return new BigInteger(value.toString().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Double doubleOf(Object value, boolean fromEnv) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (fromEnv) {
      try {
        double d = Double.parseDouble(value.toString().trim());
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String expected(Key k) {
    return switch (k.kind()) {
      case STRING, PATH -> "text";
      case INT, LONG, PORT -> "an integer (" + range(k) + ")";
      case DOUBLE -> "a number (" + range(k) + ")";
      case BOOLEAN -> "true or false";
      case ENUM -> "one of " + String.join(", ", k.allowed());
      case WEIGHTS -> "a map of cue name to number";
    };
  }

  private static String range(Key k) {
    return k.kind() == Kind.DOUBLE ? fmt(k.min()) + ".." + fmt(k.max()) : (long) k.min() + ".." + (long) k.max();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static String describe(Object value, boolean secret) {
    if (secret) {
      return "a value of type " + value.getClass().getSimpleName();
    }
    if (value instanceof String s) {
      return "text '" + s + "'";
    }
    if (value instanceof Map<?, ?>) {
      return "a map";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return String.valueOf(value);
  }

  private static String suggestion(String wrong, Iterable<String> candidates, String prefix) {
    return ConfigSchema.didYouMean(wrong, candidates).map(s -> " (did you mean " + prefix + s + "?)").orElse("");
  }

  private static String from(String source) {
    return source == null ? "" : " [" + source + "]";
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
  }

  /** {@code ZERO_PRESSED} to {@code zeroPressed}. */
  static String lowerCamel(String upperSnake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : upperSnake.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        up = b.length() > 0;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  private static String urlHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
