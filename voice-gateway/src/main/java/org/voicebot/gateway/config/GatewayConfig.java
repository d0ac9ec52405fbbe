package org.voicebot.gateway.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's whole configuration, validated once at start-up by {@link ConfigLoader}. Immutable; pass
 * the section a component needs to its constructor (no static look-ups).
 *
 * <p>Keys are camelCase in YAML ({@code call.endpointSilenceMs}); the environment variable of a key is
 * {@code VOICEBOT_<SECTION>_<KEY_IN_UPPER_SNAKE>} ({@code VOICEBOT_CALL_ENDPOINT_SILENCE_MS}).
 */
public record GatewayConfig(
    Http http,
    Ari ari,
    AudioSocket audiosocket,
    Agi agi,
    Asr asr,
    Tts tts,
    Dialog dialog,
    Call call,
    Privacy privacy,
    Frustration frustration,
    Events events,
    Ami ami) {

  /** As before AMI was configurable: AMI not configured. */
  public GatewayConfig(Http http, Ari ari, AudioSocket audiosocket, Agi agi, Asr asr, Tts tts, Dialog dialog,
      Call call, Privacy privacy, Frustration frustration, Events events) {
    this(http, ari, audiosocket, agi, asr, tts, dialog, call, privacy, frustration, events, Ami.NOT_CONFIGURED);
  }

  public GatewayConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(ari, "ari");
    Objects.requireNonNull(audiosocket, "audiosocket");
    Objects.requireNonNull(agi, "agi");
    Objects.requireNonNull(asr, "asr");
    Objects.requireNonNull(tts, "tts");
    Objects.requireNonNull(dialog, "dialog");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(frustration, "frustration");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(ami, "ami");
  }

  /**
   * The defaults with the in-process demo/test profile on top: ARI password {@code voicebot} (the
   * simulator's), HTTP, AudioSocket and FastAGI on ephemeral ports (0). The caller replaces
   * {@code ari.url} with the simulator's address via {@link #withAri}.
   */
  public static GatewayConfig embeddedDefaults() {
    return ConfigLoader.embedded();
  }

  public GatewayConfig withHttp(Http v) {
    return new GatewayConfig(v, ari, audiosocket, agi, asr, tts, dialog, call, privacy, frustration, events, ami);
  }

  public GatewayConfig withAri(Ari v) {
    return new GatewayConfig(http, v, audiosocket, agi, asr, tts, dialog, call, privacy, frustration, events, ami);
  }

  public GatewayConfig withAudiosocket(AudioSocket v) {
    return new GatewayConfig(http, ari, v, agi, asr, tts, dialog, call, privacy, frustration, events, ami);
  }

  public GatewayConfig withAgi(Agi v) {
    return new GatewayConfig(http, ari, audiosocket, v, asr, tts, dialog, call, privacy, frustration, events, ami);
  }

  public GatewayConfig withAsr(Asr v) {
    return new GatewayConfig(http, ari, audiosocket, agi, v, tts, dialog, call, privacy, frustration, events, ami);
  }

  public GatewayConfig withDialog(Dialog v) {
    return new GatewayConfig(http, ari, audiosocket, agi, asr, tts, v, call, privacy, frustration, events, ami);
  }

  public GatewayConfig withAmi(Ami v) {
    return new GatewayConfig(http, ari, audiosocket, agi, asr, tts, dialog, call, privacy, frustration, events, v);
  }

  public GatewayConfig withCall(Call v) {
    return new GatewayConfig(http, ari, audiosocket, agi, asr, tts, dialog, v, privacy, frustration, events, ami);
  }

  /**
   * @param publicBaseUrl base of URLs handed to Asterisk, without a trailing slash; empty only when
   *     {@code port} is 0 (then use {@link #baseUrl(int)} once the server is bound)
   */
  public record Http(String host, int port, String publicBaseUrl) {
    /** The configured public base URL, or {@code http://host:boundPort} when none could be derived. */
    public String baseUrl(int boundPort) {
      return publicBaseUrl.isEmpty() ? "http://" + hostForUrl(host) + ":" + boundPort : publicBaseUrl;
    }
  }

  /** Asterisk REST Interface client. {@link #toString()} never shows the password. */
  public record Ari(
      boolean enabled,
      String url,
      String username,
      String password,
      String app,
      int requestTimeoutMs,
      int reconnectMinMs,
      int reconnectMaxMs) {

    public Ari withUrl(String newUrl) {
      return new Ari(enabled, newUrl, username, password, app, requestTimeoutMs, reconnectMinMs, reconnectMaxMs);
    }

    @Override
    public String toString() {
      return "Ari[enabled=" + enabled + ", url=" + url + ", username=" + username
          + ", password=" + (password.isEmpty() ? "<empty>" : "<hidden>") + ", app=" + app
          + ", requestTimeoutMs=" + requestTimeoutMs + ", reconnectMinMs=" + reconnectMinMs
          + ", reconnectMaxMs=" + reconnectMaxMs + "]";
    }
  }

  /**
   * @param advertisedHost the {@code host:port} Asterisk connects to; empty only when {@code port} is 0
   *     (then use {@link #advertisedAddress(int)} once the server is bound)
   */
  public record AudioSocket(String host, int port, String advertisedHost, int maxPayloadBytes) {
    public String advertisedAddress(int boundPort) {
      return advertisedHost.isEmpty() ? hostForUrl(host) + ":" + boundPort : advertisedHost;
    }
  }

  public record Agi(boolean enabled, String host, int port) {}

  /**
   * Asterisk Manager Interface (the doctor's queue check). Configured when {@code username} is set.
   * {@link #toString()} never shows the password.
   */
  public record Ami(String host, int port, String username, String password) {
    public static final Ami NOT_CONFIGURED = new Ami("127.0.0.1", 5038, "", "");

    public boolean configured() {
      return !username.isEmpty();
    }

    @Override
    public String toString() {
      return "Ami[host=" + host + ", port=" + port + ", username=" + username
          + ", password=" + (password.isEmpty() ? "<empty>" : "<hidden>") + "]";
    }
  }

  public enum AsrEngine {
    AUTO,
    SPHINX,
    MOONSHINE,
    VOSK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param decoders    how many recognizers run at once (worker pool size)
   * @param voskGrammar constrain Vosk to the dialog's phrases (a phrase-list grammar) instead of free speech
   * @param grammarPerPrompt embedded engine: a grammar per kind of prompt (requests, digits) instead of one for all
   */
  public record Asr(AsrEngine engine, Optional<Path> voskModel, int decoders, boolean voskGrammar,
      boolean grammarPerPrompt) {}

  public record Tts(String voice, boolean cachePrompts) {}

  /** @param file a dialog definition file; when empty the built-in dialog {@code builtIn} runs */
  /**
   * The dialog and its business backend: {@code backendUrl} is the base URL the dialog's
   * {@code backend:} operations are POSTed under (empty: none; such intents then go to a person).
   */
  public record Dialog(Optional<Path> file, String builtIn, String backendUrl, int backendTimeoutMs) {
    public Dialog withBackendUrl(String url) {
      return new Dialog(file, builtIn, url, backendTimeoutMs);
    }
  }

  /**
   * Turn taking and transfer. {@code transferContext/Extension/Priority} is where a transferred channel
   * {@code continue}s in the dialplan. With {@code adaptiveEndOfTurn} the caller's turn ends after
   * {@code endpointCompleteSilenceMs} when the partial transcript already answers the prompt, and after
   * {@code endpointDigitsSilenceMs} while a digit string is shorter than the prompt wants (engines with
   * partial transcripts only); {@code endpointSilenceMs} otherwise.
   */
  public record Call(
      int noInputMs,
      int endpointSilenceMs,
      int maxUtteranceMs,
      boolean bargeIn,
      double vadThresholdDb,
      String transferContext,
      String transferExtension,
      int transferPriority,
      long maxCallMs,
      boolean adaptiveEndOfTurn,
      int endpointCompleteSilenceMs,
      int endpointDigitsSilenceMs) {}

  public record Privacy(boolean recordAudio) {}

  /**
   * @param weights cue name to weight, passed through to the dialog engine unchanged
   * @param offerPersonFirst at the threshold, ask "would you like a colleague?" before transferring
   * @param reofferMargin after a "no", how far the score must rise above its lowest before a new offer
   */
  public record Frustration(double threshold, Map<String, Double> weights, boolean offerPersonFirst,
      double reofferMargin) {
    public Frustration {
      weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
  }

  /** @param retainedCalls finished calls kept in the in-memory event log */
  public record Events(int retainedCalls) {}

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
