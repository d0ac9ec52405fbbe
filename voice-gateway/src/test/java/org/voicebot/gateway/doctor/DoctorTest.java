package org.voicebot.gateway.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code voicebot doctor} end to end: configuration file and environment as for {@code serve}, a fake
 * ARI on a real HTTP server, real TCP listeners standing in for the gateway's AudioSocket and FastAGI
 * ports; assertions on the printed report and the exit status.
 */
class DoctorTest {

  private static final String SECRET = "s3cr3t-Pa55word-xyz";
  private static final Pattern LINE = Pattern.compile("^(OK|WARN|FAIL|SKIP)\\s+([^:]+): (.*)$", Pattern.MULTILINE);

  @TempDir
  Path dir;

  private Vertx vertx;
  private FakeAri ari;
  private NetServer audioSocket;
  private NetServer agi;

  /** One doctor run: exit status and what it printed. */
  private record Run(int status, String out, String err) {
    Map<String, String> statuses() {
      Map<String, String> m = new LinkedHashMap<>();
      Matcher matcher = LINE.matcher(out);
      while (matcher.find()) {
        m.put(matcher.group(2), matcher.group(1));
      }
      return m;
    }

    String detail(String check) {
      Matcher matcher = LINE.matcher(out);
      while (matcher.find()) {
        if (matcher.group(2).equals(check)) {
          return matcher.group(3);
        }
      }
      throw new AssertionError("no line for " + check + " in\n" + out);
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ari = new FakeAri(vertx, SECRET);
    audioSocket = listen();
    agi = listen();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void allChecksPassAgainstAWorkingSetUp() throws Exception {
    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsExactly(
        entry("ARI reachable", "OK"), entry("ARI credentials", "OK"), entry("Asterisk version", "OK"),
        entry("Stasis app registered", "OK"), entry("AudioSocket port", "OK"), entry("FastAGI port", "OK"),
        entry("AMI login", "SKIP"), entry("Transfer queue", "OK"));
    assertThat(run.status()).isZero();
    assertThat(run.detail("Asterisk version")).contains("22.10.1");
    assertThat(run.detail("Transfer queue")).contains("utility-agents");
    assertThat(ari.requests).contains("GET /ari/asterisk/variable?variable=QUEUE_EXISTS%28utility-agents%29");
    assertThat(run.out()).doesNotContain("fix:").doesNotContain(SECRET);
  }

  @Test
  void wrongPasswordFailsCredentialsAndSkipsTheAriChecksAfterIt() throws Exception {
    ari.password = "what-asterisk-has";

    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsExactly(
        entry("ARI reachable", "OK"), entry("ARI credentials", "FAIL"), entry("Asterisk version", "SKIP"),
        entry("Stasis app registered", "SKIP"), entry("AudioSocket port", "OK"), entry("FastAGI port", "OK"),
        entry("AMI login", "SKIP"), entry("Transfer queue", "SKIP"));
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.detail("Asterisk version")).contains("needs 'ARI credentials' (FAIL)");
    assertThat(run.out()).contains("fix: /etc/asterisk/ari.conf").contains("[voicebot]").contains("type = user")
        .contains("VOICEBOT_ARI_PASSWORD");
    assertThat(run.out() + run.err()).doesNotContain(SECRET).doesNotContain("what-asterisk-has");
  }

  @Test
  void nothingListeningOnTheAriUrlFailsReachabilityWithTheHttpConfFix() throws Exception {
    int closed = closedPort();

    Run run = doctor(config(closed, audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsExactly(
        entry("ARI reachable", "FAIL"), entry("ARI credentials", "SKIP"), entry("Asterisk version", "SKIP"),
        entry("Stasis app registered", "SKIP"), entry("AudioSocket port", "OK"), entry("FastAGI port", "OK"),
        entry("AMI login", "SKIP"), entry("Transfer queue", "SKIP"));
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.detail("ARI reachable")).contains("127.0.0.1:" + closed);
    assertThat(run.out()).contains("http.conf").contains("bindport").contains("module load res_ari.so");
    assertThat(run.out()).doesNotContain(SECRET);
  }

  @Test
  void aPortThatDoesNotSpeakHttpFailsReachability() throws Exception {
    NetServer garbage = vertx.createNetServer().connectHandler(s -> s.write("AGI 200 result=0\r\n").onComplete(v -> s.close()))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    Run run = doctor(config(garbage.actualPort(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsEntry("ARI reachable", "FAIL").containsEntry("ARI credentials", "SKIP");
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  void unregisteredStasisAppFailsWithHowToStartTheGateway() throws Exception {
    ari.appRegistered = false;

    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsEntry("Stasis app registered", "FAIL").containsEntry("Transfer queue", "OK");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("./voicebot serve").contains("'ARI'");
  }

  @Test
  void missingQueueFailsWithTheQueuesConfSection() throws Exception {
    ari.queueExists = "0";

    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsEntry("Transfer queue", "FAIL").containsEntry("Stasis app registered", "OK");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("queues.conf").contains("[utility-agents]").contains("module reload app_queue.so");
  }

  @Test
  void anAsteriskThatDoesNotEvaluateQueueExistsGivesWarnNotFail() throws Exception {
    ari.queueExists = "";

    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsEntry("Transfer queue", "WARN").containsEntry("AMI login", "SKIP");
    // exactly why: the ARI resource reads global variables only (issue 17: every admin saw this WARN)
    assertThat(run.detail("Transfer queue")).contains("cannot be checked over ARI")
        .contains("does not evaluate functions such as QUEUE_EXISTS()");
    assertThat(run.detail("AMI login")).contains("ami.username is not set");
    assertThat(run.out()).contains("queue show utility-agents").contains("ami.username").contains("VOICEBOT_AMI_PASSWORD");
    assertThat(run.status()).isZero();
  }

  @Test
  void queueModuleNotLoadedFails() throws Exception {
    ari.queueModuleLoaded = false;

    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsEntry("Transfer queue", "FAIL");
    assertThat(run.out()).contains("module load app_queue.so");
  }

  @Test
  void closedGatewayPortsFailWhileAriPasses() throws Exception {
    int as = closedPort();
    int fastAgi = closedPort();

    Run run = doctor(config(ari.port(), as, fastAgi, true));

    assertThat(run.statuses()).containsExactly(
        entry("ARI reachable", "OK"), entry("ARI credentials", "OK"), entry("Asterisk version", "OK"),
        entry("Stasis app registered", "OK"), entry("AudioSocket port", "FAIL"), entry("FastAGI port", "FAIL"),
        entry("AMI login", "SKIP"), entry("Transfer queue", "OK"));
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.detail("AudioSocket port")).contains("127.0.0.1:" + as);
    assertThat(run.detail("FastAGI port")).contains("127.0.0.1:" + fastAgi);
    assertThat(run.out()).contains("audiosocket.port = " + as).contains("VOICEBOT_AGI");
  }

  @Test
  void fastAgiDisabledIsSkipped() throws Exception {
    Run run = doctor(config(ari.port(), audioSocket.actualPort(), closedPort(), false));

    assertThat(run.statuses()).containsEntry("FastAGI port", "SKIP");
    assertThat(run.detail("FastAGI port")).contains("agi.enabled is false");
    assertThat(run.status()).isZero();
  }

  @Test
  void anUntestedAsteriskVersionIsAWarning() throws Exception {
    ari.version = "18.20.0";

    Run run = doctor(config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true));

    assertThat(run.statuses()).containsEntry("Asterisk version", "WARN");
    assertThat(run.detail("Asterisk version")).contains("18.20.0");
    assertThat(run.status()).isZero();
  }

  @Test
  void aPasswordWrittenIntoTheAriUrlIsNotPrinted() throws Exception {
    Path file = dir.resolve("userinfo.yaml");
    Files.writeString(file, yaml("http://voicebot:" + SECRET + "@127.0.0.1:" + ari.port(),
        audioSocket.actualPort(), agi.actualPort(), true));

    Run run = doctor(file);

    assertThat(run.out()).contains("http://127.0.0.1:" + ari.port()).doesNotContain(SECRET);
  }

  @Test
  void badConfigurationExitsWithTwoAndTheConfigMessage() throws Exception {
    Path file = config(ari.port(), audioSocket.actualPort(), agi.actualPort(), true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Doctor.run(new String[] {"--config", file.toString()}, Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ari.password: must be set");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void missingConfigFileAndBadArgumentsExitWithTwo() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(Doctor.run(new String[] {"--config", dir.resolve("nope.yaml").toString()}, Map.of(), sink, sink))
        .isEqualTo(2);
    assertThat(Doctor.run(new String[] {"--verbose"}, Map.of(), sink, sink)).isEqualTo(2);
  }

  @Test
  void theReportPutsTheFixUnderTheFailingLineOnly() {
    String report = Doctor.format(List.of(
        CheckResult.ok("A", "fine"),
        CheckResult.fail("B", "broken", "edit x.conf\nthen reload"),
        CheckResult.skip("C", "needs 'B' (FAIL)")));

    assertThat(report.lines().toList()).containsExactly(
        "OK    A: fine",
        "FAIL  B: broken",
        "      fix: edit x.conf",
        "           then reload",
        "SKIP  C: needs 'B' (FAIL)",
        "1 OK, 0 WARN, 1 FAIL, 1 SKIP");
    assertThat(Doctor.exitStatus(List.of(CheckResult.ok("A", "x"), CheckResult.warn("B", "y", "z")))).isZero();
  }

  // ---------------------------------------------------------------- helpers

  private Run doctor(Path configFile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Doctor.run(new String[] {"--config", configFile.toString()}, Map.of("VOICEBOT_ARI_PASSWORD", SECRET),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path config(int ariPort, int audioSocketPort, int agiPort, boolean agiEnabled) throws Exception {
    Path file = dir.resolve("voicebot-" + ariPort + "-" + audioSocketPort + "-" + agiPort + ".yaml");
    Files.writeString(file, yaml("http://127.0.0.1:" + ariPort, audioSocketPort, agiPort, agiEnabled));
    return file;
  }

  private static String yaml(String ariUrl, int audioSocketPort, int agiPort, boolean agiEnabled) {
    return "ari:\n  url: " + ariUrl + "\n  requestTimeoutMs: 3000\n"
        + "audiosocket:\n  port: " + audioSocketPort + "\n"
        + "agi:\n  enabled: " + agiEnabled + "\n  port: " + agiPort + "\n";
  }

  private NetServer listen() throws Exception {
    return vertx.createNetServer().connectHandler(s -> { })
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A port that was free a moment ago and has nothing listening now. */
  private int closedPort() throws Exception {
    NetServer s = listen();
    int port = s.actualPort();
    s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return port;
  }
}
