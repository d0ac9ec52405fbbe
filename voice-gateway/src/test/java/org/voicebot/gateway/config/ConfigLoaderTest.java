package org.voicebot.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  /** The smallest environment that passes validation with the shipped defaults. */
  private static final Map<String, String> PASSWORD = Map.of("VOICEBOT_ARI_PASSWORD", "s3cret-pw");

  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path f = dir.resolve("voicebot.yaml");
    Files.writeString(f, text);
    return f;
  }

  private static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void defaultsLoadWithTheDocumentedValues() {
    GatewayConfig c = ConfigLoader.load(Optional.empty(), PASSWORD);

    assertThat(c.http().host()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.http().publicBaseUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(c.ari().enabled()).isTrue();
    assertThat(c.ari().url()).isEqualTo("http://127.0.0.1:8088");
    assertThat(c.ari().username()).isEqualTo("voicebot");
    assertThat(c.ari().app()).isEqualTo("voicebot");
    assertThat(c.ari().requestTimeoutMs()).isEqualTo(5000);
    assertThat(c.audiosocket().port()).isEqualTo(9092);
    assertThat(c.audiosocket().advertisedHost()).isEqualTo("127.0.0.1:9092");
    assertThat(c.agi().enabled()).isTrue();
    assertThat(c.agi().port()).isEqualTo(4573);
    assertThat(c.asr().engine()).isEqualTo(GatewayConfig.AsrEngine.AUTO);
    assertThat(c.asr().voskModel()).isEmpty();
    assertThat(c.asr().decoders()).isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
    assertThat(c.tts().voice()).isEqualTo("cmu-slt-hsmm");
    assertThat(c.dialog().file()).isEmpty();
    assertThat(c.dialog().builtIn()).isEqualTo("utility-support");
    assertThat(c.call().noInputMs()).isEqualTo(7000);
    assertThat(c.call().endpointSilenceMs()).isEqualTo(700);
    assertThat(c.call().maxUtteranceMs()).isEqualTo(15000);
    assertThat(c.call().bargeIn()).isTrue();
    assertThat(c.call().vadThresholdDb()).isEqualTo(-35.0);
    assertThat(c.call().transferContext()).isEqualTo("voicebot-transfer");
    assertThat(c.call().transferExtension()).isEqualTo("s");
    assertThat(c.call().transferPriority()).isEqualTo(1);
    assertThat(c.call().maxCallMs()).isEqualTo(600_000L);
    assertThat(c.privacy().recordAudio()).isFalse();
    assertThat(c.frustration().threshold()).isEqualTo(0.7);
    assertThat(c.frustration().weights()).isEmpty();
    assertThat(c.frustration().offerPersonFirst()).isFalse();
    assertThat(c.frustration().reofferMargin()).isEqualTo(0.15);
    assertThat(c.events().retainedCalls()).isEqualTo(1000);
  }

  @Test
  void everySchemaKeyHasAnEnvironmentNameInUpperSnakeCase() {
    assertThat(ConfigSchema.key("call", "endpointSilenceMs").orElseThrow().envName())
        .isEqualTo("VOICEBOT_CALL_ENDPOINT_SILENCE_MS");
    assertThat(ConfigSchema.key("audiosocket", "advertisedHost").orElseThrow().envName())
        .isEqualTo("VOICEBOT_AUDIOSOCKET_ADVERTISED_HOST");
    assertThat(ConfigSchema.key("http", "port").orElseThrow().envName()).isEqualTo("VOICEBOT_HTTP_PORT");
  }

  @Test
  void withoutAnAriPasswordStartUpFails() {
    assertThat(messageOf(() -> ConfigLoader.load(Optional.empty(), Map.of())))
        .contains("ari.password").contains("VOICEBOT_ARI_PASSWORD");
  }

  @Test
  void amiIsNotConfiguredByDefaultAndItsSecretComesFromTheEnvironment() {
    GatewayConfig none = ConfigLoader.load(Optional.empty(), Map.of("VOICEBOT_ARI_PASSWORD", "pw"));
    assertThat(none.ami().configured()).isFalse();
    assertThat(none.ami().port()).isEqualTo(5038);
    GatewayConfig c = ConfigLoader.load(Optional.empty(), Map.of("VOICEBOT_ARI_PASSWORD", "pw",
        "VOICEBOT_AMI_USERNAME", "doctor", "VOICEBOT_AMI_PASSWORD", "a/b+c=d", "VOICEBOT_AMI_PORT", "5039"));
    assertThat(c.ami().configured()).isTrue();
    assertThat(c.ami().password()).as("taken as is, slashes and all").isEqualTo("a/b+c=d");
    assertThat(c.ami().port()).isEqualTo(5039);
    assertThat(c.toString()).doesNotContain("a/b+c=d");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.empty(), Map.of("VOICEBOT_ARI_PASSWORD", "pw",
        "VOICEBOT_AMI_USERNAME", "doctor")))).contains("ami.password").contains("VOICEBOT_AMI_PASSWORD");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.empty(), Map.of("VOICEBOT_ARI_PASSWORD", "pw",
        "VOICEBOT_AMI_PORT", "99999")))).contains("ami.port");
  }

  @Test
  void withAriDisabledNoPasswordIsNeeded() {
    GatewayConfig c = ConfigLoader.load(Optional.empty(), Map.of("VOICEBOT_ARI_ENABLED", "false"));
    assertThat(c.ari().enabled()).isFalse();
  }

  @Test
  void aPartialYamlFileOverridesOnlyItsKeys() throws IOException {
    Path f = yaml("""
        http:
          port: 8181
        call:
          endpointSilenceMs: 900
          transferExtension: 100
        frustration:
          weights:
            raised_voice: 0.4
            asked_for_agent: 1.0
        """);

    GatewayConfig c = ConfigLoader.load(Optional.of(f), PASSWORD);

    assertThat(c.http().port()).isEqualTo(8181);
    assertThat(c.http().host()).isEqualTo("127.0.0.1");
    assertThat(c.http().publicBaseUrl()).isEqualTo("http://127.0.0.1:8181");
    assertThat(c.call().endpointSilenceMs()).isEqualTo(900);
    assertThat(c.call().noInputMs()).isEqualTo(7000);
    assertThat(c.call().transferExtension()).isEqualTo("100");
    assertThat(c.frustration().weights()).containsExactly(Map.entry("raised_voice", 0.4), Map.entry("asked_for_agent", 1.0));
  }

  @Test
  void environmentBeatsTheYamlFile() throws IOException {
    Path f = yaml("""
        http:
          port: 8181
        call:
          endpointSilenceMs: 900
          bargeIn: true
        frustration:
          weights:
            raisedVoice: 0.4
        """);

    GatewayConfig c = ConfigLoader.load(Optional.of(f), Map.of(
        "VOICEBOT_ARI_PASSWORD", "pw",
        "VOICEBOT_HTTP_PORT", "9191",
        "VOICEBOT_CALL_ENDPOINT_SILENCE_MS", "650",
        "VOICEBOT_CALL_BARGE_IN", "FALSE",
        "VOICEBOT_ASR_ENGINE", "sphinx",
        "VOICEBOT_FRUSTRATION_THRESHOLD", "0.55",
        "VOICEBOT_FRUSTRATION_WEIGHTS_RAISED_VOICE", "0.9",
        "VOICEBOT_FRUSTRATION_WEIGHTS_PROFANITY", "0.8",
        "VOICEBOT_FRUSTRATION_WEIGHTS_ZERO_PRESSED", "0.3",
        "VOICEBOT_HOME", "/opt/voicebot"));

    assertThat(c.http().port()).isEqualTo(9191);
    assertThat(c.call().endpointSilenceMs()).isEqualTo(650);
    assertThat(c.call().bargeIn()).isFalse();
    assertThat(c.asr().engine()).isEqualTo(GatewayConfig.AsrEngine.SPHINX);
    assertThat(c.frustration().threshold()).isEqualTo(0.55);
    // Weight names from the environment are camelCase, like every key.
    assertThat(c.frustration().weights()).containsEntry("raisedVoice", 0.9).containsEntry("profanity", 0.8)
        .containsEntry("zeroPressed", 0.3).hasSize(3);
    assertThat(c.ari().password()).isEqualTo("pw");
  }

  @Test
  void offerPolicyFromTheEnvironmentReachesTheDialogEngine() throws Exception {
    GatewayConfig c = ConfigLoader.load(Optional.empty(), Map.of("VOICEBOT_ARI_PASSWORD", "pw",
        "VOICEBOT_FRUSTRATION_OFFER_PERSON_FIRST", "true", "VOICEBOT_FRUSTRATION_REOFFER_MARGIN", "0.2"));
    assertThat(c.frustration().offerPersonFirst()).isTrue();
    org.voicebot.dialog.FrustrationConfig engine = org.voicebot.gateway.GatewayServer.frustration(c.frustration());
    assertThat(engine.offerPersonFirst()).isTrue();
    assertThat(engine.reofferMargin()).isEqualTo(0.2);
  }

  @Test
  void offerPolicyKeysAreValidated() throws IOException {
    Path f = yaml("frustration:\n  offerPersonFirst: maybe\n  reofferMargin: 1.5\n");
    String m = messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(m).contains("frustration.offerPersonFirst").contains("frustration.reofferMargin: 1.5 is out of range");
  }

  @Test
  void outOfRangeNamesKeyValueAndRange() throws IOException {
    Path f = yaml("call:\n  endpointSilenceMs: -5\n");
    String m = messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(m).contains("call.endpointSilenceMs: -5 is out of range (allowed: 100..5000)").contains(f.toString());
  }

  @Test
  void adaptiveEndOfTurnKeysHaveDefaultsRangesAndMustBracketTheNormalSilence() throws IOException {
    GatewayConfig c = ConfigLoader.load(Optional.empty(), PASSWORD);
    assertThat(c.call().adaptiveEndOfTurn()).isTrue();
    assertThat(c.call().endpointCompleteSilenceMs()).isEqualTo(300);
    assertThat(c.call().endpointDigitsSilenceMs()).isEqualTo(1200);
    Path tooShort = yaml("call:\n  endpointCompleteSilenceMs: 50\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(tooShort), PASSWORD)))
        .contains("call.endpointCompleteSilenceMs: 50 is out of range (allowed: 100..5000)");
    Path tooLong = yaml("call:\n  endpointCompleteSilenceMs: 800\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(tooLong), PASSWORD)))
        .contains("call.endpointCompleteSilenceMs: 800 is more than call.endpointSilenceMs (700)");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.empty(),
        Map.of("VOICEBOT_ARI_PASSWORD", "pw", "VOICEBOT_CALL_ENDPOINT_DIGITS_SILENCE_MS", "500"))))
        .contains("call.endpointDigitsSilenceMs: 500 is less than call.endpointSilenceMs (700)")
        .contains("VOICEBOT_CALL_ENDPOINT_DIGITS_SILENCE_MS");
    // A longer normal silence alone is fine: the defaults left as they are follow it.
    assertThat(ConfigLoader.load(Optional.of(yaml("call:\n  endpointSilenceMs: 2000\n")), PASSWORD)
        .call().endpointSilenceMs()).isEqualTo(2000);
  }

  @Test
  void outOfRangeFromTheEnvironmentNamesTheVariable() {
    String m = messageOf(() -> ConfigLoader.load(Optional.empty(),
        Map.of("VOICEBOT_ARI_PASSWORD", "pw", "VOICEBOT_CALL_ENDPOINT_SILENCE_MS", "99999")));
    assertThat(m).contains("call.endpointSilenceMs: 99999 is out of range (allowed: 100..5000)")
        .contains("VOICEBOT_CALL_ENDPOINT_SILENCE_MS");
  }

  @Test
  void badEnumListsTheAllowedValues() throws IOException {
    Path f = yaml("asr:\n  engine: whisper\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD)))
        .contains("asr.engine: 'whisper' is not one of auto, sphinx, moonshine, vosk");
  }

  @Test
  void moonshineIsAnEngineChoice() throws Exception {
    Path f = yaml("asr:\n  engine: moonshine\n");
    assertThat(ConfigLoader.load(Optional.of(f), PASSWORD).asr().engine()).isEqualTo(GatewayConfig.AsrEngine.MOONSHINE);
  }

  @Test
  void unknownKeyIsAnErrorWithASuggestion() throws IOException {
    Path f = yaml("call:\n  endpointSilenceMS: 800\nhttp:\n  prot: 80\n");
    String m = messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(m).contains("call.endpointSilenceMS: unknown key (did you mean call.endpointSilenceMs?)")
        .contains("http.prot: unknown key (did you mean http.port?)");
  }

  @Test
  void snakeCaseYamlKeysAreRejectedPointingToTheCamelCaseName() throws IOException {
    Path f = yaml("call:\n  endpoint_silence_ms: 800\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD)))
        .contains("call.endpoint_silence_ms: unknown key (did you mean call.endpointSilenceMs?)");
  }

  @Test
  void unknownSectionIsAnError() throws IOException {
    Path f = yaml("htpp:\n  port: 80\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD)))
        .contains("htpp: unknown section (did you mean http?)");
  }

  @Test
  void unknownEnvironmentKeyInAKnownSectionIsAnError() {
    String m = messageOf(() -> ConfigLoader.load(Optional.empty(),
        Map.of("VOICEBOT_ARI_PASSWORD", "pw", "VOICEBOT_CALL_ENDPOINT_SILENCE", "800")));
    assertThat(m).contains("VOICEBOT_CALL_ENDPOINT_SILENCE")
        .contains("did you mean VOICEBOT_CALL_ENDPOINT_SILENCE_MS?");
  }

  @Test
  void wrongTypesAreErrors() throws IOException {
    Path f = yaml("""
        http:
          port: "8080"
        call:
          bargeIn: maybe
          vadThresholdDb: loud
        frustration:
          weights: [1, 2]
        """);
    ConfigException e = (ConfigException) catchThrowable(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("http.port: expected an integer (1..65535), got text '8080'"))
        .anySatisfy(p -> assertThat(p).startsWith("call.bargeIn: expected true or false, got text 'maybe'"))
        .anySatisfy(p -> assertThat(p).startsWith("call.vadThresholdDb: expected a number (-90..0), got text 'loud'"))
        .anySatisfy(p -> assertThat(p).startsWith("frustration.weights: expected a map of cue name to number, got a list"));
  }

  @Test
  void wrongTypeFromTheEnvironment() {
    String m = messageOf(() -> ConfigLoader.load(Optional.empty(),
        Map.of("VOICEBOT_ARI_PASSWORD", "pw", "VOICEBOT_HTTP_PORT", "eighty", "VOICEBOT_TTS_CACHE_PROMPTS", "yes")));
    assertThat(m).contains("http.port: expected an integer (1..65535), got text 'eighty'")
        .contains("tts.cachePrompts: 'yes' is not one of true, false");
  }

  @Test
  void crossFieldChecks() throws IOException {
    Path f = yaml("""
        ari:
          reconnectMinMs: 5000
          reconnectMaxMs: 1000
          url: "ftp://asterisk"
        asr:
          engine: vosk
        audiosocket:
          port: 8080
        """);
    ConfigException e = (ConfigException) catchThrowable(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("ari.reconnectMaxMs: 1000 is less than ari.reconnectMinMs (5000)"))
        .anySatisfy(p -> assertThat(p).startsWith("ari.url: 'ftp://asterisk' is not an http:// or https:// URL"))
        .anySatisfy(p -> assertThat(p).startsWith("asr.voskModel: required when asr.engine is vosk"))
        .anySatisfy(p -> assertThat(p).startsWith("audiosocket.port: 8080 is already used by http.port"));
  }

  @Test
  void relativePathsResolveAgainstTheConfigFileAndMustExist() throws IOException {
    Files.createDirectories(dir.resolve("models/vosk-small"));
    Path f = yaml("asr:\n  engine: vosk\n  voskModel: models/vosk-small\ndialog:\n  file: missing.yaml\n");
    String m = messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(m).contains("dialog.file: '" + dir.resolve("missing.yaml") + "' does not exist").doesNotContain("asr.voskModel");

    Files.writeString(dir.resolve("missing.yaml"), "x: 1\n");
    GatewayConfig c = ConfigLoader.load(Optional.of(f), PASSWORD);
    assertThat(c.asr().voskModel()).contains(dir.resolve("models/vosk-small"));
    assertThat(c.dialog().file()).contains(dir.resolve("missing.yaml"));
  }

  @Test
  void wildcardBindNeedsAnAdvertisedAddress() throws IOException {
    Path f = yaml("audiosocket:\n  host: 0.0.0.0\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD)))
        .contains("audiosocket.advertisedHost: must be set when audiosocket.host is 0.0.0.0");

    Path g = yaml("audiosocket:\n  host: 0.0.0.0\n  advertisedHost: 10.0.0.5:9092\n");
    assertThat(ConfigLoader.load(Optional.of(g), PASSWORD).audiosocket().advertisedHost()).isEqualTo("10.0.0.5:9092");
  }

  @Test
  void portZeroIsOnlyForTheEmbeddedProfile() throws IOException {
    Path f = yaml("http:\n  port: 0\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD)))
        .contains("http.port: 0 is out of range (allowed: 1..65535)");

    GatewayConfig embedded = GatewayConfig.embeddedDefaults();
    assertThat(embedded.http().port()).isZero();
    assertThat(embedded.audiosocket().port()).isZero();
    assertThat(embedded.ari().password()).isEqualTo("voicebot");
    assertThat(embedded.http().baseUrl(34567)).isEqualTo("http://127.0.0.1:34567");
    assertThat(embedded.audiosocket().advertisedAddress(40001)).isEqualTo("127.0.0.1:40001");
  }

  @Test
  void passwordNeverAppearsInToStringNorInMessages() throws IOException {
    GatewayConfig c = ConfigLoader.load(Optional.empty(), PASSWORD);
    assertThat(c.toString()).doesNotContain("s3cret-pw").contains("password=<hidden>");
    assertThat(c.ari().toString()).doesNotContain("s3cret-pw");

    Path f = yaml("ari:\n  password: [\"s3cret-pw\"]\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), Map.of())))
        .contains("ari.password: expected text").doesNotContain("s3cret-pw");
  }

  @Test
  void malformedYamlAndMissingFileAreReported() throws IOException {
    Path f = yaml("http:\n  port: 8080\n  port: 8081\n");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(f), PASSWORD))).contains("not valid YAML").contains("port");
    assertThat(messageOf(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), PASSWORD)))
        .contains("nope.yaml: not found");
  }

  @Test
  void allProblemsAreReportedAtOnce() throws IOException {
    Path f = yaml("call:\n  noInputMs: 1\n  maxUtteranceMs: 1\n");
    ConfigException e = (ConfigException) catchThrowable(() -> ConfigLoader.load(Optional.of(f), PASSWORD));
    assertThat(e.problems()).hasSize(2);
  }

  private static Throwable catchThrowable(Runnable r) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(r::run);
    assertThat(t).isInstanceOf(ConfigException.class);
    return t;
  }
}
